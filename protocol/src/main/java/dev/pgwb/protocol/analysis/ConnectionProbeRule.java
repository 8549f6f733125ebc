package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import java.util.List;

/**
 * A connection that sent not one byte and was closed: a TCP health check (a load balancer's, a
 * monitor's, a Kubernetes tcpSocket probe). Harmless: PostgreSQL logs nothing for it. Said once per
 * connection, about the connection as a whole (it has no frame).
 */
final class ConnectionProbeRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        var info = session.info(c.connectionId()).orElse(null);
        if (info == null || c.lastFrontendSeq() >= 0 || c.bytesFromServer() > 0 || info.isOpen()) {
            return;
        }
        long lived = info.closedNanos() - info.openedNanos();
        out.add(new Diagnosis(Diagnosis.Severity.WARNING, "connection-probe", "tcp-check", c.connectionId(), -1, "", List.of(),
                "The client " + info.client() + " connected and closed " + (lived > 0 ? "after " + Durations.text(lived) + " " : "")
                        + "without sending a byte: a TCP health check (a load balancer's, a monitoring agent's, a Kubernetes "
                        + "tcpSocket probe). It only proves the port accepts connections; PostgreSQL logs nothing for it.",
                "To check that PostgreSQL itself answers, use pg_isready (it sends a real StartupMessage) or the pooler's own check "
                        + "(PgBouncer's SHOW commands, server_check_query); a TCP check cannot tell a server that refuses logins."));
    }
}
