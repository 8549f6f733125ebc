package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * 55P03 lock_not_available: a lock wait longer than lock_timeout, or NOWAIT. Names the connection
 * whose open transaction had touched the row or table, and the lock_timeout setting.
 */
final class LockTimeoutRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("55P03")) {
            return null;
        }
        boolean timeout = e.message().contains("lock timeout");
        Set<String> tables = Locks.tables(e);
        List<FrameRef> frames = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String what = e.failed == null ? "The statement" : "The " + SqlText.named(e.conversation, e.failed, e.connection());
        long waitedFrom = e.failed == null ? e.event.timeNanos() : e.failed.timeNanos();
        if (timeout) {
            Optional<Settings.Setting> s = Settings.before(e.session, e.conversation, "lock_timeout", e.failed == null ? e.seq() : e.failed.seq());
            text.append(what).append(" waited ").append(Durations.text(e.event.timeNanos() - waitedFrom)).append(" for a lock")
                    .append(tables.isEmpty() ? "" : " on " + String.join(", ", tables)).append(", longer than lock_timeout")
                    .append(s.map(x -> " (" + x.shown() + ")").orElse("")).append(", and was canceled. ");
            s.ifPresent(x -> frames.add(e.ref(x.frame(), "lock_timeout = " + x.shown())));
            text.append(Settings.origin("lock_timeout", s)).append(' ');
        } else {
            text.append(what).append(" asked for a lock with NOWAIT and failed at once: ")
                    .append(e.message()).append(". ");
        }
        boolean found = false;
        for (Conversation k : e.session.conversations()) {
            if (k == e.conversation || !e.session.sameServer(k.connectionId(), e.connection())
                    || e.session.pooler().isClientLeg(k.connectionId()) != e.session.pooler().isClientLeg(e.connection())) {
                continue;
            }
            List<Request> tx = Locks.openTransaction(e.session, k, e.time());
            Optional<Request> holder = Locks.holder(e.session, k, tx, e.time(), tables,
                    e.failed == null ? java.util.Map.of() : Locks.conditions(e.conversation, e.failed));
            if (holder.isPresent()) {
                found = true;
                Request h = holder.get();
                frames.add(0, ErrorCase.ref(k, h.seq(), SqlText.abbreviate(SqlText.of(k, h)) + " on connection " + k.connectionId()
                        + " (holds the lock)"));
                Request begin = Locks.begin(tx).orElse(h);
                if (begin != h) {
                    frames.add(1, ErrorCase.ref(k, begin.seq(), "start of that transaction"));
                }
                text.append("Connection ").append(k.connectionId()).append(" held it: its transaction")
                        .append(begin != h ? " (begun at " + SqlText.at(k.connectionId(), begin.seq(), e.connection()) + ")" : "")
                        .append(" ran ").append(SqlText.describe(k, h, e.connection()))
                        .append(" and was still open when this one ").append(timeout ? "gave up" : "asked").append(". ");
            }
        }
        if (!found) {
            text.append("No other connection in this recording had an open transaction touching ")
                    .append(tables.isEmpty() ? "that table" : String.join(", ", tables))
                    .append(": the lock was held by a session this recording does not show (pg_locks and pg_blocking_pids() tell which).");
        }
        return Explanation.of(timeout ? "lock-timeout" : "lock-nowait", "", text.toString().trim(),
                "Keep transactions that lock rows short and never leave them open while waiting for something else; find "
                        + "the holder with pg_blocking_pids(); retry the statement, or raise lock_timeout for it.", frames);
    }
}
