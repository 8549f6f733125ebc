package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.wire.BigEndian;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads a frame's bytes left to right and records a {@link FieldNode} for every field read, so one
 * pass yields both the values (for the message record) and the tree (for display).
 *
 * <p>Clamped to its frame: reading past {@code end} throws {@link Truncated}, which the
 * {@link Decoder} turns into a Malformed result; it never reads a neighbour's bytes.
 */
final class FieldReader {

    /** Thrown when a field would run past the end of the frame. Cheap: no stack trace. */
    static final class Truncated extends RuntimeException {
        Truncated(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private final Charset charset;
    private int pos;
    private List<FieldNode> level = new ArrayList<>();
    private final Deque<Group> groups = new ArrayDeque<>();

    private record Group(String name, int start, List<FieldNode> parentLevel) {
    }

    FieldReader(byte[] bytes, int start, Charset charset) {
        this.b = bytes;
        this.pos = start;
        this.end = bytes.length;
        this.charset = charset;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    Charset charset() {
        return charset;
    }

    byte[] array() {
        return b;
    }

    /** The fields recorded so far at the outermost level; open groups are closed as they stand. */
    List<FieldNode> fields() {
        while (!groups.isEmpty()) {
            endGroup("(incomplete)");
        }
        return level;
    }

    private void need(int n, String name) {
        if (n < 0 || end - pos < n) {
            throw new Truncated(name + " needs " + n + " byte(s) at offset " + pos + " but only " + (end - pos) + " remain");
        }
    }

    void add(FieldNode node) {
        level.add(node);
    }

    void add(String name, int offset, int length, String value) {
        level.add(new FieldNode(name, offset, length, value));
    }

    /** The printable one-byte codes as strings, made once: every message has a keyed type byte. */
    private static final String[] CODES = new String[0x7f];

    static {
        for (int c = 0x21; c < 0x7f; c++) {
            CODES[c] = String.valueOf((char) c);
        }
    }

    /** A one-byte code as its character when printable ({@code I}, {@code S}), else its number. */
    private static String plainCode(int v) {
        return v >= 0x21 && v < 0x7f ? CODES[v] : Integer.toString(v);
    }

    /** A node with a stable key (none when {@code key} is null) and its plain value, made at once rather than replaced. */
    private void add(FieldKey key, String raw, String name, int offset, int length, String value) {
        level.add(key == null ? new FieldNode(name, offset, length, value)
                : new FieldNode(name, offset, length, value, List.of(), key.key(), raw));
    }

    int byte1(String name, IntFunction<String> describe) {
        return byte1(null, name, describe);
    }

    /** A one-byte field with a stable key; its plain value is its character when printable, else its number. */
    int byte1(FieldKey key, String name, IntFunction<String> describe) {
        need(1, name);
        int v = b[pos] & 0xff;
        add(key, key == null ? null : plainCode(v), name, pos, 1, describe.apply(v));
        pos += 1;
        return v;
    }

    int int16(String name) {
        return int16(null, name, Integer::toString);
    }

    int int16(String name, IntFunction<String> describe) {
        return int16(null, name, describe);
    }

    /** Signed int16, as the protocol's Int16. */
    int int16(FieldKey key, String name, IntFunction<String> describe) {
        need(2, name);
        int v = (short) (((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff));
        add(key, key == null ? null : Integer.toString(v), name, pos, 2, describe.apply(v));
        pos += 2;
        return v;
    }

    int int32(String name) {
        return int32(null, name, Integer::toString);
    }

    int int32(String name, IntFunction<String> describe) {
        return int32(null, name, describe);
    }

    int int32(FieldKey key, String name) {
        return int32(key, name, Integer::toString);
    }

    int int32(FieldKey key, String name, IntFunction<String> describe) {
        need(4, name);
        int v = peekInt32();
        add(key, key == null ? null : Integer.toString(v), name, pos, 4, describe.apply(v));
        pos += 4;
        return v;
    }

    /** An unsigned int32 such as an OID. */
    int uint32(String name, IntFunction<String> describe) {
        return int32(null, name, describe);
    }

    /** An unsigned int32 with a stable key, such as an OID; its plain value is unsigned. */
    int uint32(FieldKey key, String name, IntFunction<String> describe) {
        need(4, name);
        int v = peekInt32();
        add(key, key == null ? null : Integer.toUnsignedString(v), name, pos, 4, describe.apply(v));
        pos += 4;
        return v;
    }

    long int64(String name, java.util.function.LongFunction<String> describe) {
        need(8, name);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[pos + i] & 0xff);
        }
        add(name, pos, 8, describe.apply(v));
        pos += 8;
        return v;
    }

    int peekInt32() {
        return BigEndian.int32(b, pos);
    }

    /** A NUL-terminated string in the connection's encoding; the node covers the terminator too. */
    String cstring(String name) {
        return cstring(null, name);
    }

    /** A C string with a stable key (none when null); its plain value is the string. */
    String cstring(FieldKey key, String name) {
        int nul = -1;
        for (int i = pos; i < end; i++) {
            if (b[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            throw new Truncated(name + ": string at offset " + pos + " has no NUL terminator before the end of the message");
        }
        String s = PgText.decode(b, pos, nul - pos, charset);
        add(key, s, name, pos, nul - pos + 1, quote(s));
        pos = nul + 1;
        return s;
    }

    /** {@code n} raw bytes, shown by {@code describe} (hex when null). */
    Bytes bytes(String name, int n, java.util.function.Function<Bytes, String> describe) {
        need(n, name);
        Bytes v = Bytes.of(b, pos, n);
        add(name, pos, n, describe == null ? hexPreview(b, pos, n) : describe.apply(v));
        pos += n;
        return v;
    }

    /** Everything up to the end of the frame. */
    Bytes rest(String name, java.util.function.Function<Bytes, String> describe) {
        return bytes(name, end - pos, describe);
    }

    /**
     * For lists that end with a zero byte (startup parameters, SASL mechanisms, notice fields):
     * reads the terminator and returns true when it is next, false when another item follows.
     */
    boolean endOfList(String what) {
        if (remaining() < 1) {
            throw new Truncated(what + " has no terminating zero byte");
        }
        if (b[pos] != 0) {
            return false;
        }
        byte1("Terminator", v -> "end of " + what);
        return true;
    }

    /** Moves past {@code n} bytes already described by a node added with {@link #add}. */
    void advance(int n) {
        need(n, "field");
        pos += n;
    }

    void beginGroup(String name) {
        groups.push(new Group(name, pos, level));
        level = new ArrayList<>();
    }

    /** Closes the innermost group into one node spanning its children's bytes. */
    FieldNode endGroup(String value) {
        return endGroup(null, null, value);
    }

    /** Closes the innermost group, with a stable key (none when null) and its plain value (null for a NULL value). */
    FieldNode endGroup(FieldKey key, String raw, String value) {
        Group g = groups.pop();
        FieldNode node = new FieldNode(g.name, g.start, pos - g.start, value, level, key == null ? null : key.key(), raw);
        level = g.parentLevel;
        level.add(node);
        return node;
    }

    /** Replaces the value of the last node at the current level (used once a group's summary is known). */
    void relabelLast(String value) {
        FieldNode last = level.removeLast();
        level.add(new FieldNode(last.name(), last.offset(), last.length(), value, last.children(), last.key(), last.raw()));
    }

    /** Gives the last node at the current level a stable key and its plain value; nothing when {@code key} is null. */
    void keyLast(FieldKey key, String raw) {
        if (key == null) {
            return;
        }
        FieldNode last = level.removeLast();
        level.add(new FieldNode(last.name(), last.offset(), last.length(), last.value(), last.children(), key.key(), raw));
    }

    static String quote(String s) {
        return '"' + s + '"';
    }

    static String hexPreview(byte[] b, int off, int n) {
        if (n == 0) {
            return "(empty)";
        }
        int shown = Math.min(n, 32);
        StringBuilder sb = new StringBuilder(shown * 3 + 24);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b[off + i] >> 4) & 0xf, 16)).append(Character.forDigit(b[off + i] & 0xf, 16));
        }
        if (n > shown) {
            sb.append(" … (").append(n).append(" bytes)");
        }
        return sb.toString();
    }
}
