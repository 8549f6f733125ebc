package dev.pgwb.protocol.codec.value;

import dev.pgwb.protocol.codec.PgText;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Renders a parameter or column value for display, given its type OID and format code. */
public final class ValueRenderer {
    private ValueRenderer() {
    }

    /**
     * The value as PostgreSQL's own output function would print it. Never throws, never returns
     * null: bytes that do not fit the type come back as hex with a note.
     *
     * @param typeOid the type's OID, 0 when unknown
     * @param format  0 text, 1 binary
     */
    public static String render(int typeOid, int format, byte[] b, int off, int len, Charset charset) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return "(no value: " + len + " bytes at " + off + " outside the buffer)";
        }
        Charset cs = charset != null ? charset : StandardCharsets.UTF_8;
        try {
            if (format == 0) {
                return PgText.decode(b, off, len, cs);
            }
            if (format != 1) {
                return HexPreview.of(b, off, len, "format code " + format);
            }
            BinaryDecoder decoder = BinaryDecoders.forType(typeOid);
            if (decoder == null) {
                return HexPreview.of(b, off, len, "binary " + typeName(typeOid));
            }
            try {
                return decoder.decode(b, off, len, cs);
            } catch (NotValid e) {
                return HexPreview.of(b, off, len, "not a valid " + typeName(typeOid) + ": " + e.reason());
            }
        } catch (RuntimeException e) {
            // a decoder bug must cost one cell of the display, not the view
            return HexPreview.of(b, off, len, "could not decode " + typeName(typeOid) + ": " + e);
        }
    }

    /** The type's name ({@code int4}, {@code _text}, ...) or {@code oid 12345} when not built in. */
    public static String typeName(int typeOid) {
        String name = BuiltinTypes.name(typeOid);
        return name != null ? name : "oid " + Integer.toUnsignedString(typeOid);
    }
}
