package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ErrorEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * 57P01 with no pg_terminate_backend in the recording, 57P02, 57P03: the server shut down, crashed or
 * was starting up. Other connections to the same server that got the same FATAL at about the same
 * time tell a shutdown from a single terminated session.
 */
final class ServerShutdownRule implements ErrorRule {
    private static final long TOGETHER_NANOS = 2_000_000_000L;

    @Override
    public Explanation explain(ErrorCase e) {
        String code = e.code();
        if (!code.equals("57P01") && !code.equals("57P02") && !code.equals("57P03")) {
            return null;
        }
        List<FrameRef> frames = new ArrayList<>();
        int others = 0;
        for (Conversation k : e.session.conversations()) {
            if (k == e.conversation || !e.session.sameServer(k.connectionId(), e.connection())) {
                continue;
            }
            for (ErrorEvent x : k.errorEvents()) {
                if (x.sqlState().equals(code) && Math.abs(e.session.time(k.connectionId(), x.seq()) - e.time()) <= TOGETHER_NANOS) {
                    others++;
                    if (frames.size() < 5) {
                        frames.add(ErrorCase.ref(k, x.seq(), code + " on connection " + k.connectionId()));
                    }
                }
            }
        }
        String along = others == 0 ? "" : " " + others + " other connection" + (others == 1 ? "" : "s")
                + " to the same server got the same FATAL within 2 s: the server itself was going down.";
        String idle = e.event.unsolicited() ? "" : " It ended " + e.failedText() + ", which was running.";
        return switch (code) {
            case "57P01" -> Explanation.of(others > 0 ? "server-shutdown" : "admin-shutdown", "",
                    "The server ended the connection (57P01, \"" + e.message() + "\"): the server was shut down or restarted "
                            + "(pg_ctl stop -m fast or -m immediate, a service restart, a failover), or a session outside this recording ran "
                            + "pg_terminate_backend(" + (e.conversation.backendPid() == 0 ? "pid" : e.conversation.backendPid())
                            + ") on this connection's process; nothing in this recording called it." + along + idle
                            + Transactions.rolledBack(e),
                    "Check the server log at that time (\"received fast shutdown request\", or the terminating session); "
                            + "the application must reconnect and retry what was not committed.", frames);
            case "57P02" -> Explanation.of("crash-restart", "", "Another server process crashed, so the postmaster ended every "
                            + "connection to reinitialise shared memory (\"" + e.message() + "\")." + along + idle,
                    "Look in the server log for the crashed process (signal, out of memory); reconnect after the restart.", frames);
            default -> Explanation.of("server-starting-or-stopping", "", "The server refused the connection: " + e.message()
                            + " (57P03). It was starting up, in recovery without hot standby, or shutting down." + along,
                    "Retry after the server is up (pg_isready tells when it accepts connections).", frames);
        };
    }
}
