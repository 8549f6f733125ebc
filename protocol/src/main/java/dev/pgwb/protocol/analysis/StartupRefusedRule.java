package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.message.AuthenticationResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** 28P01, 28000, 3D000: the server refused the login, explained from the StartupMessage's user and database. */
final class StartupRefusedRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        String code = e.code();
        if (!code.equals("28P01") && !code.equals("28000") && !code.equals("3D000")) {
            return null;
        }
        var c = e.conversation;
        Map<String, String> p = c.startupParameters();
        String user = p.getOrDefault("user", "");
        String database = p.getOrDefault("database", user);
        List<FrameRef> frames = new ArrayList<>();
        if (c.startupSeq() >= 0) {
            frames.add(e.ref(c.startupSeq(), "StartupMessage"));
        }
        return switch (code) {
            case "3D000" -> Explanation.of("database", database, "The StartupMessage at #" + c.startupSeq() + " asks for database \""
                    + database + "\"" + (p.containsKey("database") ? "" : " (no database parameter: it defaults to the user name)")
                    + ", which does not exist on this server.", "Create the database, or connect to an existing one "
                    + "(PGDATABASE, dbname=, the path of the connection URI).", frames);
            case "28P01" -> {
                String step = e.failed != null && e.failed.message() instanceof AuthenticationResponse
                        ? " The " + e.failed.typeName() + " at #" + e.failed.seq() + " carried the wrong password or proof." : "";
                yield Explanation.of("password", user, "Password authentication (" + c.authMethod() + ") failed for user \""
                        + user + "\" (StartupMessage #" + c.startupSeq() + ")." + step,
                        "Check the password (PGPASSWORD, ~/.pgpass, the connection string); with SCRAM the role's password "
                                + "must be stored as SCRAM (password_encryption=scram-sha-256 when it was set).", frames);
            }
            default -> {
                String m = e.message();
                if (!p.containsKey("user")) {
                    yield Explanation.of("no-user", "", "The StartupMessage at #" + c.startupSeq() + " has no \"user\" parameter. "
                            + "The server needs it before anything else (to find the pg_hba.conf line and the role), so it refuses "
                            + "the connection before any authentication: " + m + ".", "Send user= in the StartupMessage (libpq: "
                            + "user=, PGUSER; it defaults to the operating-system user name).", frames);
                }
                String cause = m.contains("pg_hba.conf") ? "pg_hba" : m.contains("role") ? "role" : "authorization";
                yield Explanation.of(cause, user, "The server refused user \"" + user + "\" for database \"" + database
                        + "\" at startup (#" + c.startupSeq() + "): " + m + ".", m.contains("pg_hba.conf")
                        ? "Add a pg_hba.conf line matching this host, user, database and encryption, then reload the server."
                        : "Check the user name in the StartupMessage (PGUSER, user=) and that the role may log in.", frames);
            }
        };
    }
}
