package dev.pgwb.protocol.message;

import java.util.Objects;

/** A well-framed message whose type byte this direction does not define; body kept as it came. */
public record Unknown(int type, Bytes body) implements FrontendMessage, BackendMessage {
    public Unknown {
        Objects.requireNonNull(body, "body");
    }
}
