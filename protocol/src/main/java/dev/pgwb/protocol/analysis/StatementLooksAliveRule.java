package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.StatementEntry;
import java.util.List;

/**
 * 26000 for a statement the recording shows alive on this connection: the server's session is not
 * the one the recording followed (a pooler switched server connections, or the recording missed
 * something).
 */
final class StatementLooksAliveRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("26000")) {
            return null;
        }
        String name = Statements.statementName(e);
        StatementEntry alive = null;
        for (StatementEntry s : e.conversation.registry().statementsNamed(name)) {
            if (Statements.aliveAt(s, e.seq())) {
                alive = s;
            }
        }
        if (alive == null) {
            return null;
        }
        String server = e.session.server(e.connection());
        String port = server.endsWith(":6432") ? " The server address ends in port 6432, PgBouncer's default: a pooler is likely." : "";
        return Explanation.of("looks-alive", name, Statements.shown(name) + " looks alive in the recording (" + Statements.madeBy(alive)
                        + " at #" + alive.parseSeq() + ", never closed), yet the server does not know it: the recording may have started "
                        + "mid-connection, or a pooler in transaction mode ran the Parse and the Bind on different server "
                        + "connections." + port,
                "If a pooler sits between the client and the server, capture its server side too (its connections to the server): "
                        + "the analysis then names the server connection and what happened to the statement there. "
                        + NeverPreparedRule.ADVICE,
                List.of(e.ref(alive.parseSeq(), Statements.madeBy(alive))));
    }
}
