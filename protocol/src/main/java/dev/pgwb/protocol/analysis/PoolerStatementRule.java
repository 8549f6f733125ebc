package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ErrorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 26000 and 42P05 on an application's connection to a pooler: the error came from a server
 * connection the application does not see. The server leg's error is explained by the ordinary
 * rules, then each frame that explanation names is traced back to who sent it: another application
 * connection through the pooler, or the pooler itself (its reset query, DISCARD ALL).
 */
final class PoolerStatementRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        PoolerLegs legs = e.session.pooler();
        if (!(e.code().equals("26000") || e.code().equals("42P05")) || !legs.isClientLeg(e.connection())) {
            return null;
        }
        Optional<FrameRef> origin = legs.forwardedFrom(e.connection(), e.seq());
        if (origin.isEmpty()) {
            return null;
        }
        Conversation server = e.session.conversation(origin.get().connection()).orElse(null);
        ErrorEvent serverError = server == null ? null : server.errorEvent(origin.get().seq()).orElse(null);
        if (serverError == null) {
            return null;
        }
        Explanation there = DiagnosisRules.explanation(e.session, server, serverError);
        String name = Statements.statementName(e);
        List<FrameRef> frames = new ArrayList<>();
        frames.add(new FrameRef(server.connectionId(), serverError.seq(), "the error on server connection " + server.connectionId()));
        String cause = there.cause();
        FrameRef causal = there.frames().isEmpty() ? null : causalFrame(there);
        String who = "";
        if (causal != null) {
            frames.add(causal);
            Optional<FrameRef> sentBy = legs.forwardedFrom(causal.connection(), causal.seq());
            if (sentBy.isPresent() && sentBy.get().connection() != e.connection()) {
                FrameRef s = sentBy.get();
                frames.add(new FrameRef(s.connection(), s.seq(), "sent by application connection " + s.connection()));
                who = " That " + roleWord(causal) + " came from another application: connection " + s.connection()
                        + " sent it through the pooler (#" + s.seq() + " on connection " + s.connection() + "), and the pooler ran it on "
                        + "the same server connection.";
                cause = switch (cause) {
                    case "closed-by-close", "closed-by-deallocate" -> "closed-by-other-client";
                    case "already-prepared" -> "prepared-by-other-client";
                    default -> cause;
                };
            } else if (sentBy.isPresent()) {
                FrameRef s = sentBy.get();
                frames.add(new FrameRef(s.connection(), s.seq(), "sent by this connection"));
                who = causal.connection() == server.connectionId() ? " This connection sent that " + roleWord(causal)
                        + " itself (its #" + s.seq() + ")." : " This connection prepared it there itself (its " + roleWord(causal)
                        + " at #" + s.seq() + ", forwarded to server connection " + causal.connection() + " as #" + causal.seq()
                        + " on connection " + causal.connection() + "); the pooler then ran "
                        + e.failedText() + " on server connection " + server.connectionId() + ", where it never existed: in "
                        + "transaction pooling each transaction gets whichever server connection is free.";
            } else if (causal.connection() == server.connectionId()) {
                who = " No application sent that " + roleWord(causal) + ": the pooler ran it on its own"
                        + (cause.equals("closed-by-discard-all") ? " (its server_reset_query, run when a server connection goes back "
                        + "to the pool; PgBouncer runs it in transaction mode too when server_reset_query_always = 1)" : "") + ".";
                if (cause.equals("closed-by-discard-all")) {
                    cause = "pooler-reset-query";
                }
            }
        }
        if (cause.equals("prepared-on-other-connection") || cause.equals("never-prepared")) {
            cause = "pooler-switched-server-connection";
        }
        String forwarded = e.failed == null ? "" : legs.forwardedTo(e.connection(), e.failed.seq())
                .map(f -> " (as #" + f.seq() + " on connection " + f.connection() + ")").orElse("");
        String text = "This connection goes through a pooler (" + legs.poolerAddress() + ", in front of " + legs.serverAddress()
                + "): " + e.failedText() + " was forwarded to server connection " + server.connectionId() + forwarded
                + ", and the error came back from there (#" + serverError.seq() + " on connection " + server.connectionId()
                + "). On server connection " + server.connectionId() + ": " + lowerFirst(qualified(there.text(), server.connectionId()))
                + who + (who.contains("prepared it there itself") ? ""
                : origins(legs, e, there, causal));
        String advice = switch (cause) {
            case "pooler-reset-query" -> "Named prepared statements do not survive the pooler's reset query: turn off "
                    + "server_reset_query_always (transaction pooling must not reset), or use unnamed statements "
                    + "(pgJDBC prepareThreshold=0, psycopg prepare_threshold=None), or a pooler that tracks prepared statements "
                    + "(PgBouncer 1.21+ max_prepared_statements).";
            case "closed-by-other-client", "prepared-by-other-client" -> "In transaction pooling, applications share server "
                    + "connections, and so the statement names on them: give up named server-side statements behind this pooler "
                    + "(pgJDBC prepareThreshold=0, psycopg prepare_threshold=None), or use PgBouncer 1.21+ with "
                    + "max_prepared_statements, which renames them per client.";
            default -> NeverPreparedRule.ADVICE;
        };
        return Explanation.of(cause, name, text, advice, frames);
    }

    /** Where the statement the server-leg explanation names came from: this connection, another one, or the pooler. */
    private static String origins(PoolerLegs legs, ErrorCase e, Explanation there, FrameRef told) {
        List<String> said = new ArrayList<>();
        for (FrameRef f : there.frames()) {
            if (f.equals(told) || (!f.role().startsWith("Parse of") && !f.role().startsWith("PREPARE of"))) {
                continue;
            }
            Optional<FrameRef> from = legs.forwardedFrom(f.connection(), f.seq());
            said.add("#" + f.seq() + " on connection " + f.connection() + " " + from.map(o -> o.connection() == e.connection()
                    ? "is this connection's own " + f.role().substring(0, f.role().indexOf(' ')) + " at #" + o.seq()
                    : "came from application connection " + o.connection() + " (#" + o.seq() + " on connection " + o.connection() + ")")
                    .orElse("was sent by the pooler itself"));
        }
        return said.isEmpty() ? "" : " (" + String.join("; ", said) + ".)";
    }

    private static final java.util.regex.Pattern BARE_NUMBER = java.util.regex.Pattern.compile("(?<!connection \\d{1,9} at |connection \\d{1,9} \\()#(\\d+)(?!\\d| on connection)");

    /**
     * Another connection's explanation, its frame numbers written as that connection's ("#38 on connection 2");
     * numbers it already says are another's ("on connection 1 at #19", "#5 on connection 3") stay as they are.
     */
    static String qualified(String text, int connection) {
        return BARE_NUMBER.matcher(text).replaceAll("#$1 on connection " + connection);
    }

    /** The frame an explanation's cause rests on: the one that ended or made the statement, else its first. */
    private static FrameRef causalFrame(Explanation x) {
        for (FrameRef f : x.frames()) {
            String r = f.role();
            if (r.startsWith("Close") || r.startsWith("DISCARD") || r.startsWith("DEALLOCATE") || r.contains("error of its Parse")) {
                return f;
            }
        }
        return x.frames().get(x.frames().size() - 1);
    }

    private static String roleWord(FrameRef f) {
        String r = f.role();
        if (r.startsWith("DISCARD ALL") || r.startsWith("DEALLOCATE ALL")) {
            return r.substring(0, r.indexOf(" ALL") + 4);
        }
        int space = r.indexOf(' ');
        return space < 0 ? r : r.substring(0, space);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.startsWith("PostgreSQL") ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
