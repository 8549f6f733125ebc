package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ErrorEvent;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.ErrorResponse;
import java.util.List;
import java.util.Optional;

/**
 * One ErrorResponse to explain, with everything a rule may read: the session, the error's
 * connection, the facts of the moment it arrived and the request it answered (null when it answered
 * none).
 */
final class ErrorCase {
    final SessionFacts session;
    final Conversation conversation;
    final ErrorEvent event;
    final Request failed;

    ErrorCase(SessionFacts session, Conversation conversation, ErrorEvent event) {
        this.session = session;
        this.conversation = conversation;
        this.event = event;
        this.failed = event.requestSeq() < 0 ? null : conversation.request(event.requestSeq()).orElse(null);
    }

    int connection() {
        return conversation.connectionId();
    }

    long seq() {
        return event.seq();
    }

    ErrorResponse error() {
        return event.error();
    }

    String code() {
        return event.sqlState();
    }

    String message() {
        return event.error().message();
    }

    /** An error field by its code ({@code D} detail, {@code H} hint, {@code W} context), "" when absent. */
    String field(char code) {
        return event.error().field(code).orElse("");
    }

    /** When the error arrived, on the clock that orders frames across connections. */
    long time() {
        return session.time(connection(), seq());
    }

    FrameRef ref(long seq, String role) {
        return new FrameRef(connection(), seq, role);
    }

    static FrameRef ref(Conversation c, long seq, String role) {
        return new FrameRef(c.connectionId(), seq, role);
    }

    /** "the Query at #12", or "the request" when the error answered none. */
    String failedText() {
        return failed == null ? "the request" : "the " + failed.typeName() + " at #" + failed.seq();
    }

    /** The SQL the failed request ran (a Query's, or its statement's for an extended-query message), or "". */
    String failedSql() {
        return failed == null ? "" : SqlText.of(conversation, failed);
    }

    /** The request of {@code c} that was running at {@code time}: sent before it, not answered before it. */
    static Optional<Request> runningAt(SessionFacts s, Conversation c, long time) {
        List<Request> requests = c.requests();
        int end = Requests.after(s, c, time);
        for (int i = end - 1; i >= 0 && i >= end - 1000; i--) { // the running one is among the last sent
            Request r = requests.get(i);
            long last = r.replies().isEmpty() ? Long.MAX_VALUE : s.time(c.connectionId(), r.replies().get(r.replies().size() - 1));
            if (last >= time && r.status() != Request.Status.SKIPPED && r.status() != Request.Status.NOT_EXECUTED) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    static String where(Request r) {
        return r == null ? "" : " (answer to " + r.typeName() + " #" + r.seq() + ")";
    }
}
