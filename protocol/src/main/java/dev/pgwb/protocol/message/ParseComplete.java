package dev.pgwb.protocol.message;

/** Parse succeeded. Type byte {@code '1'}. */
public record ParseComplete() implements BackendMessage {
}
