package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.conversation.SchemaChange;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import java.util.ArrayList;
import java.util.List;

/**
 * 0A000 "cached plan must not change result type": the statement's Parse, and the DDL between it and
 * the error, on this connection and on the others to the same server.
 */
final class CachedPlanRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("0A000") || !e.message().contains("cached plan must not change result type")) {
            return null;
        }
        Conversation c = e.conversation;
        StatementEntry s = null;
        if (e.failed != null) {
            switch (e.failed.message()) {
                case Bind b -> s = c.portalBoundBy(e.failed.seq()).map(PortalEntry::statement).orElse(null);
                case Describe d when d.target() == 'S' -> s = c.registry().statementsNamed(d.name()).stream()
                        .filter(x -> Statements.aliveAt(x, e.seq())).reduce((a, b) -> b).orElse(null);
                case Execute x -> s = c.portalOf(e.failed.seq()).map(PortalEntry::statement).orElse(null);
                default -> { }
            }
        }
        List<FrameRef> frames = new ArrayList<>();
        List<String> ddl = new ArrayList<>();
        long since = s == null ? -1 : e.session.time(c.connectionId(), s.parseSeq());
        for (Conversation k : e.session.conversations()) {
            if (k != c && !e.session.sameServer(k.connectionId(), c.connectionId())) {
                continue;
            }
            for (SchemaChange d : k.schemaChanges()) {
                long t = e.session.time(k.connectionId(), d.requestSeq());
                if (t > since && t <= e.time() && (k != c || d.requestSeq() < e.seq())) {
                    frames.add(ErrorCase.ref(k, d.requestSeq(), k == c ? d.tag() : d.tag() + " on connection " + k.connectionId()));
                    ddl.add(d.tag() + " at #" + d.requestSeq() + (k == c ? "" : " on connection " + k.connectionId()));
                }
            }
        }
        String advice = "Close and re-parse the statement after DDL (pgJDBC does so by itself on the next try in autocommit mode); "
                + "avoid SELECT * in long-lived prepared statements.";
        if (s == null) {
            return Explanation.of("schema-changed", "", "A prepared statement's result columns changed since it was prepared "
                    + (ddl.isEmpty() ? "(DDL such as ALTER TABLE ran in between)" : "(" + String.join(", ", ddl) + ")")
                    + ", and PostgreSQL will not run its cached plan.", advice, frames);
        }
        frames.add(0, e.ref(s.parseSeq(), "Parse of " + s.name()));
        return Explanation.of("schema-changed", s.name(), Statements.shown(s.name()) + " was prepared at #" + s.parseSeq() + " ("
                + SqlText.abbreviate(s.query()) + "); " + (ddl.isEmpty() ? "since then the schema changed" : "since then "
                + String.join(", ", ddl) + " changed the schema") + ", so its result columns are no longer what its cached "
                + "plan returns, and PostgreSQL refuses to run it.", advice, frames);
    }
}
