package dev.pgwb.protocol.message;

/** The client is closing the connection. Type byte {@code 'X'}. */
public record Terminate() implements FrontendMessage {
}
