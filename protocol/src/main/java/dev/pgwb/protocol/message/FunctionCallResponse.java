package dev.pgwb.protocol.message;

/** Result of a FunctionCall; null is SQL NULL. Type byte {@code 'V'}. */
public record FunctionCallResponse(Bytes result) implements BackendMessage {
}
