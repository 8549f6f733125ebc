package dev.pgwb.protocol.conversation;

import dev.pgwb.protocol.message.FrontendMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A frontend message that asks the server for something, and what came back: the backend frames
 * that answer it, whether it succeeded, failed or was skipped, and when.
 */
public final class Request {

    public enum Status {
        /** Sent, not (fully) answered yet. */
        PENDING,
        /** Answered without error. */
        DONE,
        /** Answered by an ErrorResponse. */
        FAILED,
        /** Never executed: an earlier extended-query message failed and the server discarded until Sync. */
        SKIPPED,
        /** The recording ended (or the connection closed) before any answer came. */
        UNANSWERED,
        /** Never executed: the server had already ended the connection with a FATAL error when it was sent. */
        NOT_EXECUTED
    }

    private final long seq;
    private final long timeNanos;
    private final FrontendMessage message;
    private final List<Long> replies = new ArrayList<>();
    private Status status = Status.PENDING;
    private long errorSeq = -1;
    private long skippedBecauseOf = -1;
    private long firstReplyNanos = -1;
    private long lastReplyNanos = -1;
    private long rows;
    int deallocatesSeen; // DEALLOCATE tags already matched against this request's SQL

    Request(long seq, long timeNanos, FrontendMessage message) {
        this.seq = seq;
        this.timeNanos = timeNanos;
        this.message = message;
    }

    public long seq() {
        return seq;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public FrontendMessage message() {
        return message;
    }

    /** Sequence numbers of the backend frames that answer this request, in order. */
    public List<Long> replies() {
        return Collections.unmodifiableList(replies);
    }

    public Status status() {
        return status;
    }

    /** The ErrorResponse that failed this request, or -1. */
    public long errorSeq() {
        return errorSeq;
    }

    /** For a skipped request, the ErrorResponse that made the server skip it; for one never executed, the FATAL that ended the connection before it; else -1. */
    public long skippedBecauseOf() {
        return skippedBecauseOf;
    }

    /** DataRows received for it. */
    public long rows() {
        return rows;
    }

    /** Time from the request to its first reply, or -1 when none came. */
    public long latencyNanos() {
        return firstReplyNanos < 0 ? -1 : firstReplyNanos - timeNanos;
    }

    /** Time from the request to its last reply, or -1 when none came. */
    public long durationNanos() {
        return lastReplyNanos < 0 ? -1 : lastReplyNanos - timeNanos;
    }

    public String typeName() {
        return message.typeName();
    }

    void reply(long replySeq, long nanos) {
        replies.add(replySeq);
        if (firstReplyNanos < 0) {
            firstReplyNanos = nanos;
        }
        lastReplyNanos = nanos;
    }

    void row() {
        rows++;
    }

    void done() {
        if (status == Status.PENDING) {
            status = Status.DONE;
        }
    }

    void fail(long error) {
        status = Status.FAILED;
        errorSeq = error;
    }

    void skip(long because) {
        status = Status.SKIPPED;
        skippedBecauseOf = because;
    }

    void notExecuted(long fatal) {
        status = Status.NOT_EXECUTED;
        skippedBecauseOf = fatal;
    }

    void unanswered() {
        if (status == Status.PENDING) {
            status = replies.isEmpty() ? Status.UNANSWERED : Status.DONE;
        }
    }

    @Override
    public String toString() {
        return "#" + seq + " " + typeName() + " " + status + " replies=" + replies;
    }
}
