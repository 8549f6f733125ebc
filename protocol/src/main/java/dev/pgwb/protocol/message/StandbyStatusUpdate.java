package dev.pgwb.protocol.message;

/** CopyData 'r' in a replication stream: the standby's WAL positions. Type byte {@code 'd'}. */
public record StandbyStatusUpdate(long written, long flushed, long applied, long clientTime, boolean replyRequested) implements ReplicationMessage, FrontendMessage {
}
