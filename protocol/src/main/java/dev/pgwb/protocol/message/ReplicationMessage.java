package dev.pgwb.protocol.message;

/**
 * A message carried inside CopyData on a streaming-replication connection (after CopyBothResponse),
 * told apart by its first payload byte.
 */
public sealed interface ReplicationMessage permits XLogData, PrimaryKeepalive, StandbyStatusUpdate, HotStandbyFeedback {

    /** The first byte of the CopyData payload: {@code w}, {@code k}, {@code r} or {@code h}. */
    default char kind() {
        return switch (this) {
            case XLogData m -> 'w';
            case PrimaryKeepalive m -> 'k';
            case StandbyStatusUpdate m -> 'r';
            case HotStandbyFeedback m -> 'h';
        };
    }
}
