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
        return Explanation.of("", name, Statements.shown(name) + " looks alive in the recording (Parse at #" + alive.parseSeq()
                        + "), yet the server does not know it: the recording may have started mid-connection, or a pooler "
                        + "switched server connections.", "Check whether a pooler sits between the client and the server.",
                List.of(e.ref(alive.parseSeq(), Statements.madeBy(alive))));
    }
}
