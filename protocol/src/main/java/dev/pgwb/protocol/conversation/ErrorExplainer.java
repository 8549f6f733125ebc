package dev.pgwb.protocol.conversation;

import dev.pgwb.protocol.message.AuthenticationResponse;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Parse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains an ErrorResponse from what one connection said before it: which statement, portal,
 * earlier error or startup parameter it is about, and which frames show it. Causes that need other
 * connections (a statement prepared elsewhere, a CancelRequest, DDL run on another connection) are
 * left for the session-wide analysis to refine.
 */
final class ErrorExplainer {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
    private static final Pattern BIND_COUNT = Pattern.compile(
            "bind message supplies (\\d+) parameters, but prepared statement \"(.*)\" requires (\\d+)");

    private ErrorExplainer() {
    }

    static Diagnosis explain(Conversation c, long errorSeq, ErrorResponse e, Request failed) {
        String code = e.sqlState();
        List<FrameRef> frames = new ArrayList<>();
        if (failed != null) {
            frames.add(c.ref(failed.seq(), failed.typeName() + " that failed"));
        }
        frames.add(c.ref(errorSeq, "ErrorResponse " + code));
        Explained x = switch (code) {
            case "26000" -> missingStatement(c, errorSeq, e, failed, frames);
            case "42P05" -> duplicateStatement(c, e, failed, frames);
            case "34000" -> missingPortal(c, errorSeq, e, failed, frames);
            case "0A000" -> e.message().contains("cached plan must not change result type")
                    ? cachedPlan(c, errorSeq, failed, frames) : generic(c, e, failed);
            case "25P02" -> failedTransaction(c, frames);
            case "57014" -> canceled(c, errorSeq, e, failed, frames);
            case "08P01" -> protocolViolation(c, errorSeq, e, failed, frames);
            case "28P01", "28000", "3D000" -> startup(c, code, e, failed, frames);
            default -> generic(c, e, failed);
        };
        String subject = x.subject == null ? "" : x.subject;
        return new Diagnosis(Diagnosis.Severity.ERROR, code, x.cause, c.connectionId(), errorSeq, subject, frames,
                x.explanation, x.advice);
    }

    private record Explained(String cause, String subject, String explanation, String advice) {
    }

    static String where(Request r) {
        return r == null ? "" : " (answer to " + r.typeName() + " #" + r.seq() + ")";
    }

    private static Explained generic(Conversation c, ErrorResponse e, Request failed) {
        String detail = e.field('D').map(d -> " Detail: " + d).orElse("");
        String hint = e.field('H').orElse("");
        String what = failed == null ? "The server reported" : "The " + failed.typeName() + " at #" + failed.seq() + " failed";
        String extra = failed != null && failed.message() instanceof Parse p ? " (statement "
                + (p.statement().isEmpty() ? "unnamed" : "\"" + p.statement() + "\"") + ")" : "";
        return new Explained("", "", what + extra + " with " + e.sqlState() + ": " + e.message() + "." + detail,
                hint.isEmpty() ? "See the SQLSTATE and message; the frames named show the request that caused it." : hint);
    }

    /** The first quoted name in the server's message (names are quoted there verbatim). */
    static Optional<String> quotedName(ErrorResponse e) {
        Matcher m = QUOTED.matcher(e.message());
        return m.find() ? Optional.of(m.group(1).replace("\"\"", "\"")) : Optional.empty();
    }

    private static String statementName(ErrorResponse e, Request failed) {
        if (failed != null) {
            FrontendMessage m = failed.message();
            if (m instanceof Bind b) {
                return b.statement();
            }
            if (m instanceof Describe d && d.target() == 'S') {
                return d.name();
            }
            if (m instanceof Parse p) {
                return p.statement();
            }
        }
        return quotedName(e).orElse("");
    }

    private static String shown(String name) {
        return name.isEmpty() ? "the unnamed statement" : "statement \"" + name + "\"";
    }

    private static Explained missingStatement(Conversation c, long errorSeq, ErrorResponse e, Request failed, List<FrameRef> frames) {
        String name = statementName(e, failed);
        String user = failed == null ? "it was used" : "the " + failed.typeName() + " at #" + failed.seq() + " uses it";
        StatementEntry last = null;
        for (StatementEntry s : c.registry().statementsNamed(name)) {
            if (s.parseSeq() < errorSeq) {
                last = s;
            }
        }
        if (last == null) {
            String folded = "";
            for (StatementEntry s : c.registry().statementHistory()) {
                if (!s.name().equals(name) && s.name().equalsIgnoreCase(name)) {
                    folded = " A statement \"" + s.name() + "\" was prepared at #" + s.parseSeq()
                            + ": SQL folds unquoted names to lower case, so quote the name (\"" + s.name() + "\").";
                    frames.add(c.ref(s.parseSeq(), "Parse of " + s.name()));
                    break;
                }
            }
            return new Explained("never-prepared", name, shown(name) + " was never prepared on this connection (no Parse "
                    + "or PREPARE of that name before #" + errorSeq + "), yet " + user + "." + folded,
                    "If a pooler in transaction mode sits between client and server, statements prepared through one server "
                            + "connection are missing on the next: turn off server-side prepared statements in the driver "
                            + "(pgJDBC prepareThreshold=0) or let the pooler track them (PgBouncer 1.21+ max_prepared_statements).");
        }
        frames.add(c.ref(last.parseSeq(), (last.fromSql() ? "PREPARE of " : "Parse of ") + name));
        return switch (last.state()) {
            case CLOSED -> {
                frames.add(c.ref(last.endSeq(), closeRole(last.endCause(), name)));
                String cause = switch (last.endCause()) {
                    case "Close" -> "closed-by-close";
                    case "DEALLOCATE", "DEALLOCATE ALL" -> "closed-by-deallocate";
                    case "DISCARD ALL" -> "closed-by-discard-all";
                    case "unnamed Parse" -> "replaced-by-parse";
                    case "simple Query" -> "dropped-by-simple-query";
                    default -> "closed";
                };
                String how = switch (last.endCause()) {
                    case "Close" -> "by the Close at #" + last.endSeq();
                    case "DEALLOCATE", "DEALLOCATE ALL" -> "by " + last.endCause() + " in the Query at #" + last.endSeq();
                    case "DISCARD ALL" -> "by DISCARD ALL at #" + last.endSeq() + ", which drops every prepared statement of the session";
                    case "unnamed Parse" -> "when the Parse at #" + last.endSeq() + " replaced the unnamed statement";
                    case "simple Query" -> "by the simple Query at #" + last.endSeq() + " (a Query drops the unnamed statement)";
                    default -> "at #" + last.endSeq() + " (" + last.endCause() + ")";
                };
                String advice = switch (cause) {
                    case "closed-by-discard-all" -> "Something reset the session under the client (a pooler's server_reset_query, "
                            + "a pool's connection reset): the driver still believes its statements exist. Disable statement "
                            + "caching in the driver, or do not run DISCARD ALL on connections the driver keeps statements on.";
                    case "closed-by-deallocate" -> "Do not DEALLOCATE statements the driver manages; if you must, make the "
                            + "driver forget them too (pgJDBC: reconnect or DEALLOCATE ALL is detected only on a new connection).";
                    default -> "Parse the statement again before using it, or stop closing it while it is still needed.";
                };
                yield new Explained(cause, name, shown(name) + " was prepared at #" + last.parseSeq() + " and closed " + how
                        + "; " + user + " after that.", advice);
            }
            case FAILED -> {
                frames.add(c.ref(last.errorSeq(), "error of its Parse"));
                ErrorResponse pe = c.errors().get(last.errorSeq());
                yield new Explained("parse-failed", name, "The Parse of " + shown(name) + " at #" + last.parseSeq()
                        + " failed (#" + last.errorSeq() + (pe == null ? "" : ": " + pe.sqlState() + " " + pe.message())
                        + "), so the statement never existed; the client kept going and " + user + ".",
                        "Fix the first error (the Parse); a client must check the Parse's answer before binding the statement.");
            }
            case SKIPPED -> {
                frames.add(c.ref(last.errorSeq(), "error that made the server skip the Parse"));
                yield new Explained("parse-skipped", name, "The Parse of " + shown(name) + " at #" + last.parseSeq()
                        + " was skipped: an earlier message failed at #" + last.errorSeq() + " and the server discarded "
                        + "everything until Sync. The statement never existed, and " + user + ".",
                        "Fix the earlier error; after an error, everything up to the next Sync must be sent again.");
            }
            default -> new Explained("", name, shown(name) + " looks alive in the recording (Parse at #" + last.parseSeq()
                    + "), yet the server does not know it: the recording may have started mid-connection, or a pooler "
                    + "switched server connections.", "Check whether a pooler sits between the client and the server.");
        };
    }

    private static String closeRole(String cause, String name) {
        return switch (cause) {
            case "Close" -> "Close of " + name;
            case "DISCARD ALL" -> "DISCARD ALL";
            case "DEALLOCATE", "DEALLOCATE ALL" -> cause + " of " + name;
            default -> cause;
        };
    }

    private static Explained duplicateStatement(Conversation c, ErrorResponse e, Request failed, List<FrameRef> frames) {
        String name = statementName(e, failed);
        Optional<StatementEntry> existing = c.registry().statement(name);
        if (existing.isEmpty()) {
            return new Explained("already-prepared-elsewhere", name, shown(name) + " already exists on the server, but this "
                    + "recording never saw it prepared: it was prepared before the recording started, or by another client "
                    + "sharing the same server connection through a pooler.",
                    "Close the statement ('C' S) or DEALLOCATE it before preparing it again; behind a transaction pooler, "
                            + "use unnamed statements or let the pooler manage prepared statements.");
        }
        StatementEntry s = existing.get();
        frames.add(c.ref(s.parseSeq(), (s.fromSql() ? "PREPARE of " : "Parse of ") + name));
        return new Explained("already-prepared", name, shown(name) + " was already prepared at #" + s.parseSeq()
                + (s.fromSql() ? " (SQL PREPARE)" : "") + " and never closed; a named statement cannot be parsed again"
                + (failed == null ? "" : " (the " + failed.typeName() + " at #" + failed.seq() + ")") + ". The first one stays.",
                "Close it (Close 'S' or DEALLOCATE) before parsing the name again, or use a new name.");
    }

    private static Explained missingPortal(Conversation c, long errorSeq, ErrorResponse e, Request failed, List<FrameRef> frames) {
        String name = failed == null ? quotedName(e).orElse("") : switch (failed.message()) {
            case Execute x -> x.portal();
            case Describe d when d.target() == 'P' -> d.name();
            default -> quotedName(e).orElse("");
        };
        String shown = name.isEmpty() ? "the unnamed portal" : "portal \"" + name + "\"";
        String user = failed == null ? "it was used" : "the " + failed.typeName() + " at #" + failed.seq() + " uses it";
        PortalEntry last = null;
        for (PortalEntry p : c.registry().portalsNamed(name)) {
            if (p.bindSeq() < errorSeq) {
                last = p;
            }
        }
        if (last == null) {
            return new Explained("never-bound", name, shown + " was never created by a Bind on this connection before #" + errorSeq
                    + ", yet " + user + ".", "Bind the portal (in the same transaction) before executing or describing it.");
        }
        frames.add(c.ref(last.bindSeq(), "Bind of " + shown));
        return switch (last.state()) {
            case CLOSED -> {
                frames.add(c.ref(last.endSeq(), last.endCause()));
                String cause = switch (last.endCause()) {
                    case "Close" -> "closed-by-close";
                    case "transaction end", "failed transaction" -> "closed-by-transaction-end";
                    case "unnamed Bind" -> "replaced-by-bind";
                    case "DISCARD ALL" -> "closed-by-discard-all";
                    default -> "closed";
                };
                String how = switch (last.endCause()) {
                    case "transaction end" -> "when its transaction ended (ReadyForQuery 'I' at #" + last.endSeq()
                            + "): portals live only until the end of the transaction, and outside BEGIN each Sync ends one";
                    case "failed transaction" -> "when its transaction failed (ReadyForQuery 'E' at #" + last.endSeq() + ")";
                    case "Close" -> "by the Close at #" + last.endSeq();
                    default -> "at #" + last.endSeq() + " (" + last.endCause() + ")";
                };
                yield new Explained(cause, name, shown + " was bound at #" + last.bindSeq() + " and closed " + how + "; " + user
                        + " after that.", cause.equals("closed-by-transaction-end")
                        ? "Fetch from a portal inside one transaction (BEGIN ... COMMIT), or use Flush instead of Sync between Executes."
                        : "Bind the portal again before executing it.");
            }
            case FAILED, SKIPPED -> {
                frames.add(c.ref(last.errorSeq(), "error of its Bind"));
                yield new Explained(last.state() == PortalEntry.State.FAILED ? "bind-failed" : "bind-skipped", name,
                        "The Bind of " + shown + " at #" + last.bindSeq() + (last.state() == PortalEntry.State.FAILED
                                ? " failed" : " was skipped after the error") + " at #" + last.errorSeq()
                                + ", so the portal never existed; " + user + ".",
                        "Fix the first error; after an error, everything up to Sync must be sent again.");
            }
            default -> new Explained("", name, shown + " looks open in the recording (Bind at #" + last.bindSeq()
                    + ") but the server does not know it.", "Check whether a pooler switched server connections.");
        };
    }

    private static Explained cachedPlan(Conversation c, long errorSeq, Request failed, List<FrameRef> frames) {
        StatementEntry s = null;
        if (failed != null) {
            switch (failed.message()) {
                case Bind b -> s = c.registry().statement(b.statement()).orElse(null);
                case Describe d when d.target() == 'S' -> s = c.registry().statement(d.name()).orElse(null);
                case Execute x -> s = c.portalOf(failed.seq()).map(PortalEntry::statement).orElse(null);
                default -> { }
            }
        }
        if (s == null) {
            return new Explained("schema-changed", "", "A prepared statement's result columns changed since it was "
                    + "prepared (DDL such as ALTER TABLE ran in between), and PostgreSQL will not run its cached plan.",
                    "Prepare the statement again after schema changes; avoid SELECT * in long-lived prepared statements.");
        }
        frames.add(c.ref(s.parseSeq(), "Parse of " + s.name()));
        List<String> ddl = new ArrayList<>();
        for (SchemaChange d : c.schemaChanges()) {
            if (d.requestSeq() > s.parseSeq() && d.requestSeq() < errorSeq) {
                frames.add(c.ref(d.requestSeq(), d.tag()));
                ddl.add(d.tag() + " at #" + d.requestSeq());
            }
        }
        return new Explained("schema-changed", s.name(), shown(s.name()) + " was prepared at #" + s.parseSeq() + " ("
                + abbreviate(s.query()) + "); " + (ddl.isEmpty() ? "since then the schema changed" : "since then "
                + String.join(", ", ddl) + " changed the schema") + ", so its result columns are no longer what its cached "
                + "plan returns, and PostgreSQL refuses to run it.",
                "Close and re-parse the statement after DDL (pgJDBC does so by itself on the next try in autocommit mode); "
                        + "avoid SELECT * in long-lived prepared statements.");
    }

    private static Explained failedTransaction(Conversation c, List<FrameRef> frames) {
        long first = c.firstTransactionError();
        if (first < 0) {
            return new Explained("", "", "The transaction had already failed before this recording showed its first error; "
                    + "every command is refused until the transaction ends.", "End the failed transaction with ROLLBACK.");
        }
        ErrorResponse fe = c.errors().get(first);
        Optional<Request> fr = c.requestFailedBy(first);
        fr.ifPresent(r -> frames.add(c.ref(r.seq(), "request of the first error")));
        frames.add(c.ref(first, "first error of the transaction"));
        return new Explained("earlier-error", "", "The transaction already failed at #" + first + where(fr.orElse(null))
                + (fe == null ? "" : ": " + fe.sqlState() + " " + fe.message()) + ". Since then the server refuses every "
                + "command until the transaction ends.",
                "Fix that first error; end the failed transaction with ROLLBACK (or ROLLBACK TO SAVEPOINT) before going on.");
    }

    private static Explained canceled(Conversation c, long errorSeq, ErrorResponse e, Request failed, List<FrameRef> frames) {
        String m = e.message();
        long copyFail = c.copyFailSeq();
        if (c.phaseAtError() == Phase.COPY_IN && copyFail >= 0 && copyFail < errorSeq && (failed == null || copyFail > failed.seq())) {
            // the server answers a CopyFail with 57014 too (query_canceled): no CancelRequest is involved
            frames.add(c.ref(copyFail, "CopyFail"));
            return new Explained("copy-fail", "", "The client aborted the COPY FROM STDIN" + where(failed) + " with the CopyFail at #"
                    + copyFail + " (\"" + c.copyFail().message() + "\"): the server keeps none of the rows of that COPY and "
                    + "answers with this error, which carries the client's reason.",
                    "Expected when the client gave up the COPY on purpose; otherwise see why it did (its reason is in the message).");
        }
        if (m.contains("statement timeout")) {
            return new Explained("statement-timeout", "", "The statement ran longer than statement_timeout and the server "
                    + "canceled it.", "Make the query faster or raise statement_timeout for it (SET LOCAL statement_timeout).");
        }
        if (m.contains("lock timeout")) {
            return new Explained("lock-timeout", "", "Waiting for a lock took longer than lock_timeout.",
                    "Find the session holding the lock (pg_locks, pg_stat_activity).");
        }
        return new Explained("cancel-request", "", "The query was canceled on request: a CancelRequest, sent on another "
                + "connection with this connection's key, reached the server.",
                "The client (or a pooler, or pg_cancel_backend) asked for it; check who sent the CancelRequest.");
    }

    private static Explained protocolViolation(Conversation c, long errorSeq, ErrorResponse e, Request failed, List<FrameRef> frames) {
        String m = e.message();
        Matcher bind = BIND_COUNT.matcher(m);
        if (bind.find()) {
            String name = bind.group(2);
            c.registry().statement(name).ifPresent(s -> frames.add(c.ref(s.parseSeq(), "Parse of " + name)));
            String parsed = c.registry().statement(name).map(s -> " (parsed at #" + s.parseSeq() + ")").orElse("");
            return new Explained("bind-count", name, "The Bind" + (failed == null ? "" : " at #" + failed.seq()) + " supplies "
                    + bind.group(1) + " parameter(s), but " + shown(name) + parsed + " takes " + bind.group(3) + ".",
                    "Bind exactly one value per parameter of the statement.");
        }
        long outOfTurn = c.outOfTurnSeq();
        if (outOfTurn >= 0 && outOfTurn < errorSeq) {
            frames.add(c.ref(outOfTurn, c.outOfTurnType() + " instead of the authentication answer"));
        }
        String expected = switch (c.phaseAtError()) {
            case COPY_IN -> "During COPY FROM STDIN the server accepts only CopyData, CopyDone, CopyFail (and Flush/Sync).";
            case STARTUP, AUTHENTICATION -> "During startup the server expected the answer to its authentication request ("
                    + c.authMethod() + ")" + (outOfTurn >= 0 && outOfTurn < errorSeq ? ", but the client sent the "
                    + c.outOfTurnType() + " at #" + outOfTurn + " instead (the number in the message is its type byte in decimal)."
                    : ".");
            default -> "The server expected a valid frontend message: a known type byte and a length that matches the body.";
        };
        if (m.startsWith("invalid frontend message type")) {
            expected += " An unknown type byte usually means the client lost track of message boundaries (a wrong length "
                    + "in an earlier message).";
        }
        return new Explained("protocol-violation", "", "The server rejected the conversation" + where(failed) + ": " + m + ". "
                + expected, "Compare the named frames against the protocol's message formats; the server closes the "
                + "connection after most protocol violations.");
    }

    private static Explained startup(Conversation c, String code, ErrorResponse e, Request failed, List<FrameRef> frames) {
        Map<String, String> p = c.startupParameters();
        String user = p.getOrDefault("user", "");
        String database = p.getOrDefault("database", user);
        if (c.startupSeq() >= 0 && (failed == null || failed.seq() != c.startupSeq())) {
            frames.add(c.ref(c.startupSeq(), "StartupMessage"));
        }
        return switch (code) {
            case "3D000" -> new Explained("database", database, "The StartupMessage at #" + c.startupSeq() + " asks for database \""
                    + database + "\"" + (p.containsKey("database") ? "" : " (no database parameter: it defaults to the user name)")
                    + ", which does not exist on this server.", "Create the database, or connect to an existing one "
                    + "(PGDATABASE, dbname=, the path of the connection URI).");
            case "28P01" -> {
                String step = failed != null && failed.message() instanceof AuthenticationResponse
                        ? " The " + failed.typeName() + " at #" + failed.seq() + " carried the wrong password or proof." : "";
                yield new Explained("password", user, "Password authentication (" + c.authMethod() + ") failed for user \""
                        + user + "\" (StartupMessage #" + c.startupSeq() + ")." + step,
                        "Check the password (PGPASSWORD, ~/.pgpass, the connection string); with SCRAM the role's password "
                                + "must be stored as SCRAM (password_encryption=scram-sha-256 when it was set).");
            }
            default -> !p.containsKey("user") ? new Explained("no-user", "", "The StartupMessage at #" + c.startupSeq()
                    + " has no \"user\" parameter. The server needs it before anything else (to find the pg_hba.conf line "
                    + "and the role), so it refuses the connection before any authentication: " + e.message() + ".",
                    "Send user= in the StartupMessage (libpq: user=, PGUSER; it defaults to the operating-system user name).")
                    : new Explained(m28000(e), user, "The server refused user \"" + user + "\" for database \"" + database
                    + "\" at startup (#" + c.startupSeq() + "): " + e.message() + ".", e.message().contains("pg_hba.conf")
                    ? "Add a pg_hba.conf line matching this host, user, database and encryption, then reload the server."
                    : "Check the user name in the StartupMessage (PGUSER, user=) and that the role may log in.");
        };
    }

    private static String m28000(ErrorResponse e) {
        return e.message().contains("pg_hba.conf") ? "pg_hba" : e.message().contains("role") ? "role" : "authorization";
    }

    static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

}
