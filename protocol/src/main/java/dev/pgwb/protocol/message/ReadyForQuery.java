package dev.pgwb.protocol.message;

/** The server is ready: 'I' idle, 'T' in a transaction, 'E' in a failed transaction. Type byte {@code 'Z'}. */
public record ReadyForQuery(char transactionStatus) implements BackendMessage {
}
