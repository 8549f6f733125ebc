package dev.pgwb.app.ui;

/**
 * Two of the three ways to copy a message or field: hex and an escaped string (the third, a
 * composer script line, is {@link dev.pgwb.protocol.client.ScriptWriter}).
 */
public final class CopyFormats {
    private CopyFormats() {
    }

    /** {@code 51 00 00 00 0d ...}: space-separated lowercase hex, as {@code raw} and {@code pgwb decode} take it. */
    public static String hex(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder(length * 3);
        for (int i = offset; i < offset + length && i < b.length; i++) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(Character.forDigit((b[i] >> 4) & 15, 16)).append(Character.forDigit(b[i] & 15, 16));
        }
        return s.toString();
    }

    /** A C/Java-style string literal: printable ASCII as is, {@code \n \t \\ \"}, everything else {@code \xNN}. */
    public static String escaped(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = offset; i < offset + length && i < b.length; i++) {
            int v = b[i] & 0xff;
            switch (v) {
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                default -> {
                    if (v >= 0x20 && v < 0x7f) {
                        s.append((char) v);
                    } else {
                        s.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
