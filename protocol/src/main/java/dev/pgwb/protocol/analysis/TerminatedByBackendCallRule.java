package dev.pgwb.protocol.analysis;

import java.util.List;
import java.util.Optional;

/**
 * 57P01 caused by {@code pg_terminate_backend(pid)} run on another connection: the process ids come
 * from BackendKeyData; the argument from a Query's SQL or a Bind's parameter, text or binary.
 */
final class TerminatedByBackendCallRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("57P01")) {
            return null;
        }
        Optional<BackendCalls.Found> call = BackendCalls.latest(e, "pg_terminate_backend");
        if (call.isEmpty()) {
            return null;
        }
        BackendCalls.Found f = call.get();
        int pid = e.conversation.backendPid();
        String when = e.event.unsolicited() ? ""
                : " It ended " + e.failedText() + " (" + SqlText.abbreviate(e.failedSql()) + "), which was running.";
        return Explanation.of("pg-terminate-backend", "", "Connection " + f.on().connectionId() + " ran pg_terminate_backend(" + pid
                        + ") at " + SqlText.at(f.on().connectionId(), f.request().seq(), e.connection()) + " (" + SqlText.abbreviate(SqlText.of(f.on(), f.request()))
                        + (f.argumentFrame() != f.request().seq() ? ", the process id bound as a parameter in the Bind at "
                        + SqlText.at(f.on().connectionId(), f.argumentFrame(), e.connection()) + BackendCalls.format(f) : "") + "): process " + pid
                        + " is this connection's server process (its BackendKeyData), so the server terminated it." + when
                        + Transactions.rolledBack(e),
                "Find out why that session terminated this one (an administrator, a watchdog job, a pooler's cleanup); the "
                        + "application must reconnect, and retry what was not committed.",
                List.of(ErrorCase.ref(f.on(), f.argumentFrame(), "pg_terminate_backend(" + pid + ") on connection "
                        + f.on().connectionId())));
    }
}
