package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.ErrorResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * 26000 explained by the connection's own history: the statement was closed (Close, DEALLOCATE,
 * DISCARD ALL, a new unnamed Parse, a simple Query), or its Parse failed or was skipped. A Parse that
 * failed with 42P05 left the living statement as it was: what ended that one is the cause. A Close
 * seen in a recording that began after the Parse still counts.
 */
final class StatementEndedRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("26000")) {
            return null;
        }
        String name = Statements.statementName(e);
        StatementEntry lived = null;   // the last statement of that name that existed before the error
        StatementEntry attempt = null; // the last Parse of that name that never took effect
        for (StatementEntry s : e.conversation.registry().statementsNamed(name)) {
            if (s.parseSeq() >= e.seq()) {
                continue;
            }
            if (Statements.existed(s)) {
                lived = s;
            } else {
                attempt = s;
            }
        }
        String user = e.failed == null ? "it was used" : "the " + e.failed.typeName() + " at #" + e.failed.seq() + " uses it";
        boolean endedBefore = lived != null && lived.endSeq() >= 0 && lived.endSeq() < e.seq();
        if (attempt != null && (lived == null || (endedBefore && attempt.parseSeq() > lived.endSeq()))) {
            return neverMade(e, attempt, name, user);
        }
        if (lived == null) {
            return null;
        }
        if (!endedBefore) {
            return null; // alive here: a pooler or a recording that missed something (later rules)
        }
        return closed(e, lived, name, user);
    }

    private static Explanation closed(ErrorCase e, StatementEntry s, String name, String user) {
        List<FrameRef> frames = new ArrayList<>();
        if (s.parseSeq() >= 0) {
            frames.add(e.ref(s.parseSeq(), Statements.madeBy(s)));
        }
        frames.add(e.ref(s.endSeq(), Statements.endRole(s)));
        String cause = switch (s.endCause()) {
            case "Close" -> "closed-by-close";
            case "DEALLOCATE", "DEALLOCATE ALL" -> "closed-by-deallocate";
            case "DISCARD ALL" -> "closed-by-discard-all";
            case "unnamed Parse" -> "replaced-by-parse";
            case "simple Query" -> "dropped-by-simple-query";
            default -> "closed";
        };
        String how = switch (s.endCause()) {
            case "Close" -> "by the Close at #" + s.endSeq();
            case "DEALLOCATE", "DEALLOCATE ALL" -> "by " + s.endCause() + " in the Query at #" + s.endSeq();
            case "DISCARD ALL" -> "by DISCARD ALL at #" + s.endSeq() + ", which drops every prepared statement of the session";
            case "unnamed Parse" -> "when the Parse at #" + s.endSeq() + " replaced the unnamed statement";
            case "simple Query" -> "by the simple Query at #" + s.endSeq() + " (a Query drops the unnamed statement)";
            default -> "at #" + s.endSeq() + " (" + s.endCause() + ")";
        };
        String advice = switch (cause) {
            case "closed-by-discard-all" -> "Something reset the session under the client (a pooler's server_reset_query, "
                    + "a pool's connection reset): the driver still believes its statements exist. Disable statement "
                    + "caching in the driver, or do not run DISCARD ALL on connections the driver keeps statements on.";
            case "closed-by-deallocate" -> "Do not DEALLOCATE statements the driver manages; if you must, make the "
                    + "driver forget them too (pgJDBC: reconnect or DEALLOCATE ALL is detected only on a new connection).";
            default -> "Parse the statement again before using it, or stop closing it while it is still needed.";
        };
        String made = s.parseSeq() >= 0 ? " was prepared at #" + s.parseSeq() + " and" : " (prepared before this recording began) was";
        return Explanation.of(cause, name, Statements.shown(name) + made + " closed " + how + "; " + user + " after that.",
                advice, frames);
    }

    private static Explanation neverMade(ErrorCase e, StatementEntry s, String name, String user) {
        List<FrameRef> frames = new ArrayList<>();
        frames.add(e.ref(s.parseSeq(), Statements.madeBy(s)));
        if (s.state() == StatementEntry.State.FAILED) {
            frames.add(e.ref(s.errorSeq(), "error of its Parse"));
            ErrorResponse pe = e.conversation.errors().get(s.errorSeq());
            return Explanation.of("parse-failed", name, "The Parse of " + Statements.shown(name) + " at #" + s.parseSeq()
                    + " failed (#" + s.errorSeq() + (pe == null ? "" : ": " + pe.sqlState() + " " + pe.message())
                    + "), so the statement never existed; the client kept going and " + user + ".",
                    "Fix the first error (the Parse); a client must check the Parse's answer before binding the statement.", frames);
        }
        frames.add(e.ref(s.errorSeq(), "error that made the server skip the Parse"));
        return Explanation.of("parse-skipped", name, "The Parse of " + Statements.shown(name) + " at #" + s.parseSeq()
                + " was skipped: an earlier message failed at #" + s.errorSeq() + " and the server discarded "
                + "everything until Sync. The statement never existed, and " + user + ".",
                "Fix the earlier error; after an error, everything up to the next Sync must be sent again.", frames);
    }
}
