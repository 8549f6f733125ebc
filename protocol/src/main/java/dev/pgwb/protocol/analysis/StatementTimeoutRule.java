package dev.pgwb.protocol.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** 57014 "canceling statement due to statement timeout": how long it ran, and the statement_timeout and where it was set. */
final class StatementTimeoutRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("57014") || !e.message().contains("statement timeout")) {
            return null;
        }
        Optional<Settings.Setting> s = Settings.before(e.session, e.conversation, "statement_timeout", e.failed == null ? e.seq() : e.failed.seq());
        List<FrameRef> frames = new ArrayList<>();
        s.ifPresent(x -> frames.add(e.ref(x.frame(), "statement_timeout = " + x.shown())));
        String ran = e.failed == null ? "The statement" : "The " + e.failed.typeName() + " at #" + e.failed.seq()
                + (e.failedSql().isEmpty() ? "" : " (" + SqlText.abbreviate(e.failedSql()) + ")") + " ran for "
                + Durations.text(e.event.timeNanos() - e.failed.timeNanos()) + " and";
        return Explanation.of("statement-timeout", "", ran + " was canceled by the server when it passed statement_timeout"
                        + s.map(x -> " (" + x.shown() + ")").orElse("") + ". " + Settings.origin("statement_timeout", s),
                "Make the query faster (EXPLAIN ANALYZE it), or raise statement_timeout for it alone (SET LOCAL statement_timeout "
                        + "inside its transaction).", frames);
    }
}
