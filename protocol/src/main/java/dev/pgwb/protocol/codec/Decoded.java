package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Malformed;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.wire.Frame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one reading pass over a frame produced: the message record for logic, the field tree for
 * display, and every problem noticed. Derived from the frame; can always be recomputed.
 *
 * @param frame    the frame this came from
 * @param message  the message record; {@link Unknown} or {@link Malformed} when it could not be read as such
 * @param typeName the documentation's name of the message (e.g. {@code ErrorResponse})
 * @param fields   top-level field nodes, together covering every byte of the frame
 * @param problems what is wrong or surprising, in plain words; empty when all is well
 */
public record Decoded(Frame frame, Message message, String typeName, List<FieldNode> fields, List<String> problems) {
    public Decoded {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(typeName, "typeName");
        fields = List.copyOf(fields);
        problems = List.copyOf(problems);
    }

    /** True when the message is {@link Unknown} or {@link Malformed}. */
    public boolean isUndecoded() {
        return message instanceof Unknown || message instanceof Malformed;
    }

    /**
     * The plain values of the fields that have a stable key ({@link FieldKey}), by key, in the order
     * of the field tree; a NULL value is a null element. Empty for messages without keyed fields.
     */
    public Map<String, List<String>> keys() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        collectKeys(fields, out);
        return out;
    }

    /** The plain values of one key, in tree order; empty when no field has it. */
    public List<String> values(String key) {
        List<String> out = new ArrayList<>(2);
        collectValues(fields, key, out);
        return out;
    }

    private static void collectValues(List<FieldNode> nodes, String key, List<String> out) {
        for (FieldNode n : nodes) {
            if (key.equals(n.key())) {
                out.add(n.raw());
            }
            collectValues(n.children(), key, out);
        }
    }

    private static void collectKeys(List<FieldNode> nodes, Map<String, List<String>> out) {
        for (FieldNode n : nodes) {
            if (n.key() != null) {
                out.computeIfAbsent(n.key(), k -> new ArrayList<>()).add(n.raw());
            }
            collectKeys(n.children(), out);
        }
    }
}
