package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.StatementEntry;
import java.util.ArrayList;
import java.util.List;

/** 26000 for a statement no Parse or PREPARE ever made, noting a name that differs only by case (SQL folds unquoted names). */
final class NeverPreparedRule implements ErrorRule {
    static final String ADVICE = "If a pooler in transaction mode sits between client and server, statements prepared through "
            + "one server connection are missing on the next: turn off server-side prepared statements in the driver "
            + "(pgJDBC prepareThreshold=0) or let the pooler track them (PgBouncer 1.21+ max_prepared_statements).";

    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("26000")) {
            return null;
        }
        String name = Statements.statementName(e);
        String user = e.failed == null ? "it was used" : "the " + e.failed.typeName() + " at #" + e.failed.seq() + " uses it";
        List<FrameRef> frames = new ArrayList<>();
        String folded = "";
        for (String other : e.conversation.registry().statementNames()) {
            if (other.equals(name) || !other.equalsIgnoreCase(name)) {
                continue;
            }
            StatementEntry s = e.conversation.registry().statementsNamed(other).get(0);
            if (s.parseSeq() < e.seq()) {
                folded = " A statement \"" + s.name() + "\" was prepared at #" + s.parseSeq()
                        + ": SQL folds unquoted names to lower case, so quote the name (\"" + s.name() + "\").";
                frames.add(e.ref(s.parseSeq(), "Parse of " + s.name()));
                break;
            }
        }
        String elsewhere = "";
        for (var k : e.session.conversations()) {
            if (k == e.conversation || e.session.sameServer(k.connectionId(), e.connection())) {
                continue;
            }
            for (StatementEntry s : k.registry().statementsNamed(name)) {
                if (Statements.existed(s) && e.session.time(k.connectionId(), s.parseSeq()) <= e.time() && elsewhere.isEmpty()) {
                    elsewhere = " A statement of that name was prepared at #" + s.parseSeq() + " on connection " + k.connectionId()
                            + ", but that connection goes to another server (" + e.session.server(k.connectionId())
                            + "; this one goes to " + e.session.server(e.connection()) + "): prepared statements live in one "
                            + "server session and never cross to another server.";
                    frames.add(ErrorCase.ref(k, s.parseSeq(), Statements.madeBy(s) + " on connection " + k.connectionId()
                            + " (another server)"));
                }
            }
        }
        String where = e.conversation.startupSeq() < 0 ? "in this recording (which began after the connection's start)"
                : "on this connection";
        return Explanation.of("never-prepared", name, Statements.shown(name) + " was never prepared " + where
                + " (no Parse or PREPARE of that name before #" + e.seq() + "), yet " + user + "." + folded + elsewhere,
                elsewhere.isEmpty() ? ADVICE : "Prepare the statement on the connection (and server) that runs it.", frames);
    }
}
