package dev.pgwb.protocol.message;

/** Close succeeded. Type byte {@code '3'}. */
public record CloseComplete() implements BackendMessage {
}
