package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Malformed;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.wire.Frame;
import java.util.List;
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
}
