package dev.pgwb.protocol.codec.value;

import dev.pgwb.protocol.codec.PgText;
import java.nio.charset.Charset;

/** Types whose binary form is (almost) their text or raw bytes: text family, "char", bytea, uuid, json, jsonb. */
final class TextValues {
    private TextValues() {
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** text, varchar, bpchar, name, json, unknown, refcursor: textsend converts to client_encoding, so decode in it. */
    static String text(byte[] b, int off, int len, Charset cs) {
        return PgText.decode(b, off, len, cs);
    }

    /** jsonb_send puts a format version byte (only 1 exists) before the jsonb_out text. */
    static String jsonb(byte[] b, int off, int len, Charset cs) throws NotValid {
        if (len < 1) {
            throw new NotValid("no version byte");
        }
        if (b[off] != 1) {
            throw new NotValid("version " + (b[off] & 0xff));
        }
        return PgText.decode(b, off + 1, len - 1, cs);
    }

    /** The one-byte "char": charout prints a high-bit byte as a backslash and three octal digits, 0 as nothing. */
    static String singleChar(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 1);
        int c = b[off] & 0xff;
        if (c >= 0x80) {
            return "\\" + (c >> 6) + ((c >> 3) & 7) + (c & 7);
        }
        return c == 0 ? "" : String.valueOf((char) c);
    }

    /** byteaout with the default bytea_output = hex. */
    static String bytea(byte[] b, int off, int len, Charset cs) {
        return hex(new StringBuilder(2 + 2 * len).append("\\x"), b, off, len).toString();
    }

    static String uuid(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 16);
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            hex(sb, b, off + i, 1);
        }
        return sb.toString();
    }

    static StringBuilder hex(StringBuilder sb, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            sb.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
        }
        return sb;
    }
}
