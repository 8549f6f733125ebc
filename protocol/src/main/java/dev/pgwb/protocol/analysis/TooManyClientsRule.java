package dev.pgwb.protocol.analysis;

import java.util.List;

/** 53300: the server's connection slots were full; counts the connections to that server open at that moment in the recording. */
final class TooManyClientsRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("53300")) {
            return null;
        }
        int open = e.session.openAt(e.session.server(e.connection()), e.time(), e.connection());
        boolean reserved = e.message().contains("reserved");
        String seen = open == 0 ? "This recording shows no other connection to that server open at the time: the slots were "
                + "taken by clients it did not record (other hosts, other ports, a pooler's server connections)."
                : "At that moment this recording shows " + open + " other connection" + (open == 1 ? "" : "s")
                + " to the same server logged in, so max_connections is probably " + open + (reserved ? " (minus the reserved slots)"
                : "") + ", unless clients this recording did not see held slots too.";
        return Explanation.of("too-many-clients", "", "The server refused the connection at startup (#" + e.conversation.startupSeq()
                        + "): " + e.message() + ". " + (reserved ? "The slots left are reserved (superuser_reserved_connections, "
                        + "reserved_connections) for roles this user does not have. " : "Every connection slot (max_connections) was "
                        + "in use. ") + seen,
                "Use a connection pool (or lower the pool sizes of every application so that their sum stays below "
                        + "max_connections), close idle connections, or raise max_connections (needs a restart).",
                e.conversation.startupSeq() >= 0 ? List.of(e.ref(e.conversation.startupSeq(), "StartupMessage")) : List.of());
    }
}
