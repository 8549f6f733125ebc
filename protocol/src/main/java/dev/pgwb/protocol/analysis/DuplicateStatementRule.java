package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.StatementEntry;
import java.util.List;

/** 42P05: a named statement parsed again while the first one lives; names the Parse or PREPARE that made it. */
final class DuplicateStatementRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("42P05")) {
            return null;
        }
        String name = Statements.statementName(e);
        StatementEntry alive = null;
        for (StatementEntry s : e.conversation.registry().statementsNamed(name)) {
            if (Statements.aliveAt(s, e.seq()) && (e.failed == null || s.parseSeq() != e.failed.seq())) {
                alive = s;
            }
        }
        if (alive == null) {
            return Explanation.of("already-prepared-elsewhere", name, Statements.shown(name) + " already exists on the server, "
                    + "but this recording never saw it prepared: it was prepared before the recording started, or by another "
                    + "client sharing the same server connection through a pooler.",
                    "Close the statement ('C' S) or DEALLOCATE it before preparing it again; behind a transaction pooler, "
                            + "use unnamed statements or let the pooler manage prepared statements.", List.of());
        }
        return Explanation.of("already-prepared", name, Statements.shown(name) + " was already prepared at #" + alive.parseSeq()
                        + (alive.fromSql() ? " (SQL PREPARE)" : "") + " and never closed; a named statement cannot be parsed again"
                        + (e.failed == null ? "" : " (the " + e.failed.typeName() + " at #" + e.failed.seq() + ")")
                        + ". The first one stays.",
                "Close it (Close 'S' or DEALLOCATE) before parsing the name again, or use a new name.",
                List.of(e.ref(alive.parseSeq(), Statements.madeBy(alive))));
    }
}
