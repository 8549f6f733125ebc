package dev.pgwb.protocol.message;

/** CopyData 'k' in a replication stream: the primary's keepalive. Type byte {@code 'd'}. */
public record PrimaryKeepalive(long walEnd, long serverTime, boolean replyRequested) implements ReplicationMessage, BackendMessage {
}
