package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import java.util.Optional;

/** Calls of pg_terminate_backend / pg_cancel_backend that target an error's connection, found on the others. */
final class BackendCalls {
    private BackendCalls() {
    }

    /**
     * A call found.
     *
     * @param on            the connection that made it
     * @param request       the request that ran it (the Query, or the Execute)
     * @param argumentFrame the frame carrying the process id (the Query, or the Bind)
     */
    record Found(Conversation on, Request request, long argumentFrame) {
    }

    /** ", in binary" when the Bind carried the process id in binary format, else "". */
    static String format(Found f) {
        return f.on().request(f.argumentFrame()).map(r -> r.message() instanceof dev.pgwb.protocol.message.Bind b
                && !b.parameterFormats().isEmpty() && b.parameterFormats().contains(1) ? ", in binary" : "").orElse("");
    }

    /** The latest call of {@code function} with the error's connection's process id, run before the error, on the same server. */
    static Optional<Found> latest(ErrorCase e, String function) {
        int pid = e.conversation.backendPid();
        if (pid == 0) {
            return Optional.empty();
        }
        Found found = null;
        long foundTime = Long.MIN_VALUE;
        for (Conversation k : e.session.conversations()) {
            if (k == e.conversation || !e.session.sameServer(k.connectionId(), e.connection())) {
                continue;
            }
            for (Request r : k.requests()) {
                long t = e.session.time(k.connectionId(), r.seq());
                if (t > e.time() || r.status() == Request.Status.SKIPPED || r.status() == Request.Status.NOT_EXECUTED) {
                    continue;
                }
                Optional<SqlText.Call> call = SqlText.call(k, r, function);
                if (call.isPresent() && call.get().argument() == pid && t >= foundTime
                        && !(r.message() instanceof dev.pgwb.protocol.message.Bind)) {
                    found = new Found(k, r, call.get().argumentFrame());
                    foundTime = t;
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
