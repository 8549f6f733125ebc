package dev.pgwb.protocol.message;

/** Answer to an empty query string. Type byte {@code 'I'}. */
public record EmptyQueryResponse() implements BackendMessage {
}
