package dev.pgwb.protocol.conversation;

/**
 * A ReadyForQuery: the end of a round trip and the transaction status from then on.
 *
 * @param seq       the ReadyForQuery frame
 * @param timeNanos when it arrived
 * @param status    {@code I} idle, {@code T} in a transaction block, {@code E} in a failed one
 */
public record ReadyMark(long seq, long timeNanos, char status) {
}
