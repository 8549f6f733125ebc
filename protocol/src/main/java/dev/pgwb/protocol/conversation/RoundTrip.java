package dev.pgwb.protocol.conversation;

/**
 * From the first request after a ReadyForQuery (or the start) to the next ReadyForQuery: one wait
 * of the client for the server.
 *
 * @param firstSeq   the first frontend message of the round trip
 * @param readySeq   the ReadyForQuery that ended it
 * @param requests   how many requests it carried (a pipeline carries many)
 * @param startNanos time of the first message
 * @param endNanos   time of the ReadyForQuery
 */
public record RoundTrip(long firstSeq, long readySeq, int requests, long startNanos, long endNanos) {
    public long durationNanos() {
        return endNanos - startNanos;
    }
}
