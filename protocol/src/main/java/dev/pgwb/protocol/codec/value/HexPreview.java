package dev.pgwb.protocol.codec.value;

/**
 * How a value we cannot (or must not) decode is shown: {@code \x} hex as bytea prints it, an ASCII
 * preview when at least half of it is printable, and a note saying why. Long values are cut, since
 * this is for reading on screen and the raw bytes stay in the frame.
 */
final class HexPreview {
    private HexPreview() {
    }

    private static final int MAX_HEX_BYTES = 4096;
    private static final int MAX_PREVIEW_CHARS = 64;

    static String of(byte[] b, int off, int len, String note) {
        int shown = Math.min(len, MAX_HEX_BYTES);
        StringBuilder sb = new StringBuilder(2 * shown + 96).append("\\x");
        TextValues.hex(sb, b, off, shown);
        if (shown < len) {
            sb.append('…');
        }
        int printable = 0;
        for (int i = off; i < off + len; i++) {
            printable += isPrintable(b[i]) ? 1 : 0;
        }
        if (printable > 0 && printable * 2 >= len) { // mostly text: the odd printable byte in binary is noise
            int previewed = Math.min(len, MAX_PREVIEW_CHARS);
            sb.append(" \"");
            for (int i = off; i < off + previewed; i++) {
                sb.append(isPrintable(b[i]) ? (char) b[i] : '.');
            }
            sb.append(previewed < len ? "…\"" : "\"");
        }
        return sb.append(" (").append(note).append(')').toString();
    }

    private static boolean isPrintable(byte c) {
        return c >= 0x20 && c < 0x7f;
    }
}
