package dev.pgwb.protocol.message;

/** Asks the server to send what it has buffered. Type byte {@code 'H'}. */
public record Flush() implements FrontendMessage {
}
