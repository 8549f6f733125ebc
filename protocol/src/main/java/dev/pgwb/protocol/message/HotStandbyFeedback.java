package dev.pgwb.protocol.message;

/** CopyData 'h' in a replication stream: the standby's xmin horizon. Type byte {@code 'd'}. */
public record HotStandbyFeedback(long clientTime, int xmin, int xminEpoch, int catalogXmin, int catalogXminEpoch) implements ReplicationMessage, FrontendMessage {
}
