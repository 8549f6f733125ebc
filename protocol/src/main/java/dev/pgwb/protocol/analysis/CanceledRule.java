package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.CancelRequest;
import java.util.List;
import java.util.Optional;

/**
 * 57014 on request: the CancelRequest (sent on another connection with this connection's process id
 * and key from BackendKeyData) or the {@code pg_cancel_backend(pid)} another session ran.
 */
final class CanceledRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("57014") || e.message().contains("statement timeout")) {
            return null;
        }
        Conversation c = e.conversation;
        String running = e.failed == null ? "the running query" : e.failedText();
        Conversation by = null;
        for (Conversation k : e.session.conversations()) {
            Optional<CancelRequest> cr = k.cancelRequest();
            if (k != c && cr.isPresent() && cr.get().processId() == c.backendPid() && cr.get().secretKey().equals(c.backendSecret())
                    && e.session.time(k.connectionId(), k.cancelRequestSeq()) <= e.time()) {
                by = k;
            }
        }
        if (by != null) {
            return Explanation.of("cancel-request", "", "The CancelRequest sent at #" + by.cancelRequestSeq() + " on connection "
                            + by.connectionId() + " (process " + c.backendPid() + ", the key this connection got in BackendKeyData) "
                            + "canceled " + running + ".",
                    "Expected when the application (a query timeout, a user's cancel) asked for it; otherwise find who sent it.",
                    List.of(ErrorCase.ref(by, by.cancelRequestSeq(), "CancelRequest on connection " + by.connectionId())));
        }
        Optional<BackendCalls.Found> call = BackendCalls.latest(e, "pg_cancel_backend");
        if (call.isPresent()) {
            BackendCalls.Found f = call.get();
            Request r = f.request();
            return Explanation.of("pg-cancel-backend", "", "Connection " + f.on().connectionId() + " ran pg_cancel_backend("
                            + c.backendPid() + ") at " + SqlText.at(f.on().connectionId(), r.seq(), e.connection()) + " (" + SqlText.abbreviate(SqlText.of(f.on(), r)) + "), which "
                            + "canceled " + running + " on this connection (process " + c.backendPid() + "). No CancelRequest was "
                            + "involved: the other session asked the server directly.",
                    "Find out why that session canceled this one (an administrator, a monitoring job that cancels long queries).",
                    List.of(ErrorCase.ref(f.on(), f.argumentFrame(), "pg_cancel_backend(" + c.backendPid() + ") on connection "
                            + f.on().connectionId())));
        }
        return Explanation.of("cancel-request", "", "The query was canceled on request: a CancelRequest, sent on another "
                        + "connection with this connection's key, or pg_cancel_backend(" + (c.backendPid() == 0 ? "pid" : c.backendPid())
                        + ") run by another session, reached the server; neither is in this recording.",
                "The client (or a pooler, or pg_cancel_backend) asked for it; check who sent the CancelRequest.", List.of());
    }
}
