package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.StatementEntry;
import java.util.List;

/**
 * 26000 for a statement never prepared on this connection but prepared on another connection to the
 * same server before the error: the client (or a pooler in front of the server) used one server
 * connection's statement on another. Connections to other servers do not count.
 */
final class PreparedOnOtherConnectionRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("26000")) {
            return null;
        }
        String name = Statements.statementName(e);
        if (e.conversation.registry().statementsNamed(name).stream().anyMatch(s -> s.parseSeq() < e.seq())) {
            return null;
        }
        long at = e.time();
        Conversation where = null;
        StatementEntry found = null;
        long foundTime = Long.MIN_VALUE;
        for (Conversation k : e.session.conversations()) {
            if (k == e.conversation || !e.session.sameServer(k.connectionId(), e.connection())
                    || e.session.pooler().isClientLeg(k.connectionId()) != e.session.pooler().isClientLeg(e.connection())) {
                continue;
            }
            for (StatementEntry s : k.registry().statementsNamed(name)) {
                long t = e.session.time(k.connectionId(), s.parseSeq());
                if (Statements.existed(s) && t <= at && t > foundTime) {
                    where = k;
                    found = s;
                    foundTime = t;
                }
            }
        }
        if (found == null) {
            return null;
        }
        String shown = Statements.shown(name);
        return Explanation.of("prepared-on-other-connection", name,
                shown + " was never prepared on connection " + e.connection() + ", but it was prepared on connection "
                        + where.connectionId() + " at #" + found.parseSeq() + ". Prepared statements belong to one server "
                        + "connection: the client prepared it on one and used it on another. This is the classic "
                        + "transaction-pooling symptom (a pooler hands each transaction whichever server connection is free).",
                NeverPreparedRule.ADVICE,
                List.of(ErrorCase.ref(where, found.parseSeq(), "Parse of " + name + " on connection " + where.connectionId())));
    }
}
