package dev.pgwb.protocol.message;

import java.util.Objects;

/** Sent on a new connection to cancel a query; the key is 4 bytes in 3.0, up to 256 in 3.2. No type byte (startup phase). */
public record CancelRequest(int processId, Bytes secretKey) implements FrontendMessage {
    public CancelRequest {
        Objects.requireNonNull(secretKey, "secretKey");
    }
}
