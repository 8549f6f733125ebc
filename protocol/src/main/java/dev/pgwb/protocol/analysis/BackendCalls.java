package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Bind;
import java.util.ArrayList;
import java.util.List;
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

    private record Index(String function) {
    }

    private record Call(Found found, long pid, long time) {
    }

    /** The latest call of {@code function} with the error's connection's process id, run before the error, on the same server. */
    static Optional<Found> latest(ErrorCase e, String function) {
        int pid = e.conversation.backendPid();
        if (pid == 0) {
            return Optional.empty();
        }
        Found found = null;
        long foundTime = Long.MIN_VALUE;
        for (Call call : e.session.memo(new Index(function), () -> every(e.session, function))) {
            Conversation k = call.found().on();
            if (call.pid() == pid && k != e.conversation && e.session.sameServer(k.connectionId(), e.connection())
                    && call.time() <= e.time() && call.time() >= foundTime) {
                found = call.found();
                foundTime = call.time();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every call of {@code function} in the session (found once, whatever the number of errors). */
    private static List<Call> every(SessionFacts s, String function) {
        List<Call> out = new ArrayList<>();
        for (Conversation k : s.conversations()) {
            for (Request r : k.requests()) {
                if (r.status() == Request.Status.SKIPPED || r.status() == Request.Status.NOT_EXECUTED || r.message() instanceof Bind
                        || !SqlText.of(k, r).toLowerCase(java.util.Locale.ROOT).contains(function)) {
                    continue;
                }
                SqlText.call(k, r, function).ifPresent(c -> out.add(new Call(new Found(k, r, c.argumentFrame()), c.argument(),
                        s.time(k.connectionId(), r.seq()))));
            }
        }
        return out;
    }
}
