package dev.pgwb.protocol.message;

import java.util.Objects;

/** CopyData 'w' in a replication stream: a section of WAL (or logical decoding output). Type byte {@code 'd'}. */
public record XLogData(long walStart, long walEnd, long serverTime, Bytes data) implements ReplicationMessage, BackendMessage {
    public XLogData {
        Objects.requireNonNull(data, "data");
    }
}
