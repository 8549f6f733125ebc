package dev.pgwb.protocol.message;

/** Ends an extended-query cycle: commit or roll back an implicit transaction, then ReadyForQuery. Type byte {@code 'S'}. */
public record Sync() implements FrontendMessage {
}
