package dev.pgwb.protocol.codec;

import java.util.List;
import java.util.Objects;

/**
 * One decoded field and the bytes it came from, as in Wireshark's packet tree.
 *
 * @param name     what the field is, in the documentation's words ("Length", "Statement name", ...)
 * @param offset   first byte, relative to the start of the frame (the type byte is offset 0)
 * @param length   number of bytes
 * @param value    the value for display (decoded text, number, or a summary for a group)
 * @param children sub-fields, each within this field's bytes
 * @param key      the field's stable key ({@link FieldKey}, e.g. {@code pg.statement}), or null
 * @param raw      the plain value a key is matched against: a string unquoted, a number in decimal,
 *                 a one-byte code as its character; null without a key, and for a NULL value
 */
public record FieldNode(String name, int offset, int length, String value, List<FieldNode> children, String key, String raw) {
    public FieldNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        children = List.copyOf(children);
    }

    public FieldNode(String name, int offset, int length, String value, List<FieldNode> children) {
        this(name, offset, length, value, children, null, null);
    }

    public FieldNode(String name, int offset, int length, String value) {
        this(name, offset, length, value, List.of());
    }

    public int end() {
        return offset + length;
    }

    /** The first direct child with this name, or null. */
    public FieldNode child(String childName) {
        for (FieldNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }
}
