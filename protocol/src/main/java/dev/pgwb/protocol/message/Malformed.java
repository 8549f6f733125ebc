package dev.pgwb.protocol.message;

import java.util.Objects;

/**
 * A frame that could not be decoded as what its type says: truncated, over-long, a bad header, or
 * bytes the framer could not cut. {@code type} is the type byte, or -1 where there is none.
 */
public record Malformed(int type, Bytes bytes, String reason) implements FrontendMessage, BackendMessage {
    public Malformed {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(reason, "reason");
    }
}
