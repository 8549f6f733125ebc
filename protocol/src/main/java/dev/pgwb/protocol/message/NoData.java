package dev.pgwb.protocol.message;

/** The statement or portal described returns no rows. Type byte {@code 'n'}. */
public record NoData() implements BackendMessage {
}
