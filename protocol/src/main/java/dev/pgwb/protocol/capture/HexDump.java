package dev.pgwb.protocol.capture;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the hex dumps people paste back into bytes.
 *
 * <p>Layouts understood:
 * <ul>
 *   <li>{@code xxd} (any {@code -g} grouping): {@code 00000000: 5100 0000 0d53 454c  Q....SEL}</li>
 *   <li>Wireshark "Copy as Hex Dump": {@code 0000   51 00 00 00 0d 53   Q....S}</li>
 *   <li>{@code hexdump -C}: {@code 00000000  51 00 00 00  0d 53 |Q....S|}, with its {@code *} lines
 *       for repeated rows and its closing line that holds only the total length</li>
 *   <li>{@code od -A x -t x1z}: {@code 000000 51 00 00 00 >Q...<}</li>
 *   <li>plain hex, with or without spaces, commas, {@code 0x} prefixes and line breaks:
 *       {@code 51 00 00 00}, {@code 5100000d...}</li>
 * </ul>
 *
 * <p>With offsets, each line must start where the previous one ended. The ASCII column is told
 * from the bytes by the gap of two or more spaces before it and by checking that it renders the
 * bytes before it, so a column such as {@code cafe} is not mistaken for bytes. Blank lines and
 * lines starting with {@code #} are skipped.
 */
public final class HexDump {

    /** A jump after a {@code *} line larger than this is refused rather than allocated. */
    private static final long MAX_REPEAT = 256L << 20;

    private static final Pattern OFFSET = Pattern.compile("^([0-9A-Fa-f]+)(:?)(?=\\s|$)");

    private HexDump() {
    }

    /**
     * The bytes of a hex dump in one of the layouts above; an empty or blank text gives no bytes.
     *
     * @throws IllegalArgumentException with a one-line message naming the line it could not read
     */
    public static byte[] parse(String text) {
        List<String> lines = text.lines().toList();
        int first = firstDataLine(lines);
        if (first < 0) {
            return new byte[0];
        }
        return hasOffset(strip(lines.get(first))) ? parseWithOffsets(lines) : parsePlain(lines);
    }

    /**
     * True when a file's bytes look like a hex dump (text starting with hex digits) rather than raw
     * protocol bytes, which always contain control bytes (a length's zero high byte) near the start.
     */
    public static boolean looksLikeHexDump(byte[] fileBytes) {
        int start = fileBytes.length >= 3 && (fileBytes[0] & 0xff) == 0xef && (fileBytes[1] & 0xff) == 0xbb
                && (fileBytes[2] & 0xff) == 0xbf ? 3 : 0;
        if (fileBytes.length <= start) {
            return false;
        }
        for (int i = start; i < fileBytes.length; i++) {
            int b = fileBytes[i] & 0xff;
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f) {
                return false;
            }
        }
        // Bytes >= 0x80 may be text in an ASCII column; decode leniently to find the first line.
        String text = new String(fileBytes, start, fileBytes.length - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<String> lines = text.lines().toList();
        int first = firstDataLine(lines);
        if (first < 0) {
            return false;
        }
        String line = strip(lines.get(first)).trim();
        return isHexDigit(line.charAt(0));
    }

    // ---------------------------------------------------------------- plain hex

    private static byte[] parsePlain(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder carry = new StringBuilder(); // digits of single-token lines, which may wrap mid-byte
        int carryLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = strip(lines.get(i));
            if (isSkipped(line)) {
                continue;
            }
            int lineNo = i + 1;
            String[] tokens = line.trim().split("[\\s,;]+");
            for (int t = 0; t < tokens.length; t++) {
                String token = tokens[t];
                if (token.isEmpty()) {
                    continue;
                }
                String digits = token.startsWith("0x") || token.startsWith("0X") ? token.substring(2) : token;
                if (digits.isEmpty() || !isHex(digits)) {
                    throw error(lineNo, "'" + shorten(token) + "' is not hex");
                }
                if (tokens.length == 1) {
                    if (carry.isEmpty()) {
                        carryLine = lineNo;
                    }
                    carry.append(digits);
                    continue;
                }
                flushCarry(carry, carryLine, out);
                if (digits.length() % 2 != 0) {
                    throw error(lineNo, "'" + shorten(token) + "' has an odd number of hex digits");
                }
                appendHex(digits, out);
            }
        }
        flushCarry(carry, carryLine, out);
        return out.toByteArray();
    }

    private static void flushCarry(StringBuilder carry, int line, ByteArrayOutputStream out) {
        if (carry.isEmpty()) {
            return;
        }
        if (carry.length() % 2 != 0) {
            throw error(line, "odd number of hex digits (" + carry.length() + ") in the hex text starting here");
        }
        appendHex(carry, out);
        carry.setLength(0);
    }

    // ---------------------------------------------------------------- offset layouts

    private static byte[] parseWithOffsets(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Long expected = null;     // where the next line must start
        byte[] previous = null;   // the last line's bytes, for '*'
        int starLine = 0;         // a pending '*' line
        for (int i = 0; i < lines.size(); i++) {
            String line = strip(lines.get(i));
            if (isSkipped(line)) {
                continue;
            }
            int lineNo = i + 1;
            String trimmed = line.trim();
            if (trimmed.equals("*")) {
                if (previous == null || previous.length == 0) {
                    throw error(lineNo, "'*' (repeat the previous line) with no line before it");
                }
                starLine = lineNo;
                continue;
            }
            Matcher m = OFFSET.matcher(trimmed);
            if (!m.find()) {
                throw error(lineNo, "expected an offset at the start of the line, found '" + shorten(trimmed) + "'");
            }
            long offset = parseOffset(m.group(1), lineNo);
            String rest = trimmed.substring(m.end());
            if (starLine != 0) {
                long gap = offset - expected;
                if (gap <= 0 || gap % previous.length != 0 || gap > MAX_REPEAT) {
                    throw error(lineNo, String.format("offset 0x%x does not follow the repeated line %d"
                            + " (0x%x plus a multiple of %d bytes)", offset, starLine, expected, previous.length));
                }
                for (long n = gap / previous.length; n > 0; n--) {
                    out.writeBytes(previous);
                }
                expected = offset;
                starLine = 0;
            }
            if (expected != null && offset != expected) {
                throw error(lineNo, String.format("offset 0x%x does not continue the previous line (expected 0x%x)",
                        offset, expected));
            }
            byte[] bytes = lineBytes(rest, lineNo);
            out.writeBytes(bytes);
            expected = offset + bytes.length;
            previous = bytes;
        }
        if (starLine != 0) {
            throw error(starLine, "'*' (repeat the previous line) with no offset line after it to say how far");
        }
        return out.toByteArray();
    }

    /** The bytes of one line after its offset, the ASCII column left out. */
    private static byte[] lineBytes(String rest, int lineNo) {
        if (rest.isBlank()) {
            return new byte[0]; // hexdump's closing line: only the total length
        }
        byte[] bytes = framedColumn(rest, '|', '|', true);   // hexdump -C
        if (bytes == null) {
            bytes = framedColumn(rest, '>', '<', true);      // od -t x1z
        }
        if (bytes != null) {
            return bytes;
        }
        List<int[]> tokens = tokens(rest);
        // Candidate ends of the hex area: before a token preceded by two or more spaces.
        List<Integer> splits = new ArrayList<>();
        for (int k = 1; k < tokens.size(); k++) {
            if (tokens.get(k)[0] - tokens.get(k - 1)[1] >= 2 && hexGroups(rest, tokens, k)) {
                splits.add(k);
            }
        }
        for (int k : splits) {
            bytes = hexTokens(rest, tokens, k);
            if (sameText(rest.substring(tokens.get(k)[0]), render(bytes))) {
                return bytes;
            }
        }
        if (hexGroups(rest, tokens, tokens.size())) {
            return hexTokens(rest, tokens, tokens.size()); // no ASCII column
        }
        // An ASCII column rendered some other way: a framed one, else the longest hex area it could follow.
        bytes = framedColumn(rest, '|', '|', false);
        if (bytes == null) {
            bytes = framedColumn(rest, '>', '<', false);
        }
        if (bytes != null) {
            return bytes;
        }
        for (int s = splits.size() - 1; s >= 0; s--) {
            int k = splits.get(s);
            bytes = hexTokens(rest, tokens, k);
            if (rest.substring(tokens.get(k)[0]).replace(" ", "").length() <= bytes.length) {
                return bytes;
            }
        }
        int bad = 0;
        while (bad < tokens.size() && isHexGroup(text(rest, tokens.get(bad)))) {
            bad++;
        }
        String what = bad < tokens.size() ? text(rest, tokens.get(bad)) : rest.trim();
        throw error(lineNo, "cannot tell the hex bytes from the text column at '" + shorten(what) + "'");
    }

    /**
     * The bytes before a text column framed by {@code open}...{@code close} (hexdump -C's bars), or
     * null when the line is not laid out so; {@code exact} also asks the column to render the bytes.
     */
    private static byte[] framedColumn(String rest, char open, char close, boolean exact) {
        String t = rest.stripTrailing();
        int a = t.indexOf(open);
        if (a < 0 || t.length() - 1 <= a || t.charAt(t.length() - 1) != close) {
            return null;
        }
        String area = t.substring(0, a);
        List<int[]> tokens = tokens(area);
        if (tokens.isEmpty() || !hexGroups(area, tokens, tokens.size())) {
            return null;
        }
        byte[] bytes = hexTokens(area, tokens, tokens.size());
        return !exact || sameText(t.substring(a + 1, t.length() - 1), render(bytes)) ? bytes : null;
    }

    private static byte[] hexTokens(String s, List<int[]> tokens, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            appendHex(text(s, tokens.get(i)), out);
        }
        return out.toByteArray();
    }

    /** True when the first {@code count} tokens are hex groups of one size (the last may be shorter, as xxd prints). */
    private static boolean hexGroups(String s, List<int[]> tokens, int count) {
        int size = -1;
        for (int i = 0; i < count; i++) {
            String t = text(s, tokens.get(i));
            if (!isHexGroup(t)) {
                return false;
            }
            if (size < 0) {
                size = t.length();
            } else if (t.length() > size || (t.length() < size && i != count - 1)) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII column matches when, spaces aside, it is what xxd, hexdump and Wireshark print for the bytes. */
    private static boolean sameText(String column, String rendered) {
        return column.replace(" ", "").equals(rendered.replace(" ", ""));
    }

    private static String render(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return sb.toString();
    }

    /**
     * True when the first data line starts with an offset: xxd's {@code 00000000:}, or a hex number
     * of four or more digits followed by byte groups of another width (Wireshark, hexdump -C, od).
     */
    private static boolean hasOffset(String line) {
        String trimmed = line.trim();
        Matcher m = OFFSET.matcher(trimmed);
        if (!m.find()) {
            return false;
        }
        if (!m.group(2).isEmpty()) {
            return true;
        }
        String first = m.group(1);
        if (first.length() < 4) {
            return false;
        }
        String rest = trimmed.substring(m.end()).trim();
        if (rest.isEmpty()) {
            return false;
        }
        String next = rest.split("\\s+", 2)[0];
        return next.startsWith("|") || (isHexGroup(next) && next.length() != first.length());
    }

    private static long parseOffset(String digits, int lineNo) {
        if (digits.length() > 15) {
            throw error(lineNo, "offset '" + shorten(digits) + "' is too large");
        }
        return Long.parseLong(digits, 16);
    }

    // ---------------------------------------------------------------- small helpers

    private static int firstDataLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!isSkipped(strip(lines.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSkipped(String line) {
        String t = line.trim();
        return t.isEmpty() || t.startsWith("#");
    }

    /** Without a byte order mark and trailing line-end debris. */
    private static String strip(String line) {
        return (line.startsWith("\uFEFF") ? line.substring(1) : line).stripTrailing();
    }

    /** Start and end of each run of non-blank characters. */
    private static List<int[]> tokens(String s) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(new int[] {start, i});
            }
        }
        return out;
    }

    private static String text(String s, int[] token) {
        return s.substring(token[0], token[1]);
    }

    private static boolean isHexGroup(String s) {
        return !s.isEmpty() && s.length() % 2 == 0 && isHex(s);
    }

    private static boolean isHex(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void appendHex(CharSequence digits, ByteArrayOutputStream out) {
        for (int i = 0; i + 1 < digits.length(); i += 2) {
            out.write(Character.digit(digits.charAt(i), 16) << 4 | Character.digit(digits.charAt(i + 1), 16));
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static IllegalArgumentException error(int lineNo, String what) {
        return new IllegalArgumentException("hex dump line " + lineNo + ": " + what);
    }
}
