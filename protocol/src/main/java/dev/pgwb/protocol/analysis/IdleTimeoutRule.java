package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.ReadyMark;
import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 25P03 idle_in_transaction_session_timeout, 57P05 idle_session_timeout, 25P04 transaction_timeout:
 * the server ended an idle connection on its own. Names the ReadyForQuery since which it was idle,
 * how long, and where the setting came from.
 */
final class IdleTimeoutRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        String setting = switch (e.code()) {
            case "25P03" -> "idle_in_transaction_session_timeout";
            case "57P05" -> "idle_session_timeout";
            case "25P04" -> "transaction_timeout";
            default -> null;
        };
        if (setting == null) {
            return null;
        }
        ReadyMark idleSince = null;
        ReadyMark beforeTransaction = null;
        for (ReadyMark r : e.conversation.readyMarks()) {
            if (r.seq() > e.seq()) {
                break;
            }
            idleSince = r;
            if (r.status() == 'I') {
                beforeTransaction = r;
            }
        }
        List<FrameRef> frames = new ArrayList<>();
        Optional<Settings.Setting> s = Settings.before(e.session, e.conversation, setting, e.seq());
        s.ifPresent(x -> frames.add(e.ref(x.frame(), setting + " = " + x.shown())));
        String limit = s.map(x -> " (" + x.shown() + ")").orElse("");
        StringBuilder text = new StringBuilder();
        String cause;
        if (e.code().equals("25P04")) {
            cause = "transaction-timeout";
            Request begin = firstAfter(e, beforeTransaction);
            text.append("The transaction").append(begin == null ? "" : " begun at #" + begin.seq()).append(" lasted longer than ")
                    .append("transaction_timeout").append(limit).append(", so the server ended the connection.");
            if (begin != null) {
                frames.add(0, e.ref(begin.seq(), "start of the transaction"));
            }
        } else {
            boolean inTransaction = e.code().equals("25P03");
            cause = inTransaction ? "idle-in-transaction-timeout" : "idle-session-timeout";
            if (idleSince != null) {
                frames.add(0, e.ref(idleSince.seq(), "ReadyForQuery '" + idleSince.status() + "': idle from here"));
                text.append(inTransaction ? "The transaction was open (ReadyForQuery 'T' at #" : "The connection was idle (ReadyForQuery '")
                        .append(inTransaction ? idleSince.seq() + ")" : idleSince.status() + "' at #" + idleSince.seq() + ")")
                        .append(" and the client sent nothing for ").append(Durations.text(e.event.timeNanos() - idleSince.timeNanos()))
                        .append(", longer than ").append(setting).append(limit).append(": the server ended the connection.");
            } else {
                text.append("The connection stayed idle").append(inTransaction ? " inside a transaction" : "")
                        .append(" longer than ").append(setting).append(limit).append(": the server ended it.");
            }
            if (inTransaction) {
                Request begin = firstAfter(e, beforeTransaction);
                text.append(" The open transaction").append(begin == null ? "" : " (begun at #" + begin.seq() + ")")
                        .append(" was rolled back.");
            }
        }
        text.append(' ').append(Settings.origin(setting, s));
        String advice = switch (cause) {
            case "idle-in-transaction-timeout" -> "Do not leave transactions open while the application waits (user input, "
                    + "remote calls): commit or roll back first. A pool must not hand out connections left in a transaction.";
            case "idle-session-timeout" -> "Let the pool close idle connections before the server does (a maximum idle time "
                    + "below " + setting + "), or validate connections before use; reconnect on 57P05.";
            default -> "Make the transaction shorter, or raise transaction_timeout for it (SET LOCAL).";
        };
        return Explanation.of(cause, "", text.toString(), advice, frames);
    }

    /** The first request after a ReadyForQuery 'I' (or the connection's first): where the transaction began. */
    private static Request firstAfter(ErrorCase e, ReadyMark idle) {
        for (Request r : e.conversation.requests()) {
            boolean statement = r.message() instanceof dev.pgwb.protocol.message.Query
                    || r.message() instanceof dev.pgwb.protocol.message.Parse || r.message() instanceof dev.pgwb.protocol.message.Bind;
            if (statement && (idle == null || r.seq() > idle.seq()) && r.seq() < e.seq()) {
                return r;
            }
        }
        return null;
    }
}
