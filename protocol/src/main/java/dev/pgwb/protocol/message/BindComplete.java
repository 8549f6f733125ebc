package dev.pgwb.protocol.message;

/** Bind succeeded. Type byte {@code '2'}. */
public record BindComplete() implements BackendMessage {
}
