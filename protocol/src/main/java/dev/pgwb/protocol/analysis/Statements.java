package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Parse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the statement and portal rules share: the name an error is about, and how to show it. */
final class Statements {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    private Statements() {
    }

    /** The first quoted name in the server's message (names are quoted there verbatim). */
    static Optional<String> quotedName(String message) {
        Matcher m = QUOTED.matcher(message);
        return m.find() ? Optional.of(m.group(1).replace("\"\"", "\"")) : Optional.empty();
    }

    /** The statement an error is about: the one the failed message named, else the one the message quotes. */
    static String statementName(ErrorCase e) {
        if (e.failed != null) {
            FrontendMessage m = e.failed.message();
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
        return quotedName(e.message()).orElse("");
    }

    static String shown(String name) {
        return name.isEmpty() ? "the unnamed statement" : "statement \"" + name + "\"";
    }

    /** True when the statement came to exist (its Parse succeeded or is still pending), whatever happened to it since. */
    static boolean existed(StatementEntry s) {
        return s.state() != StatementEntry.State.FAILED && s.state() != StatementEntry.State.SKIPPED;
    }

    /** True when the statement existed just before frame {@code seq}. */
    static boolean aliveAt(StatementEntry s, long seq) {
        return existed(s) && s.parseSeq() < seq && (s.endSeq() < 0 || s.endSeq() >= seq);
    }

    /** "Parse of S_1", "PREPARE of S_1". */
    static String madeBy(StatementEntry s) {
        return (s.fromSql() ? "PREPARE of " : "Parse of ") + s.name();
    }

    /** What ended a statement, as a frame role: "Close of S_1", "DISCARD ALL". */
    static String endRole(StatementEntry s) {
        return switch (s.endCause()) {
            case "Close" -> "Close of " + s.name();
            case "DEALLOCATE", "DEALLOCATE ALL" -> s.endCause() + " of " + s.name();
            default -> s.endCause();
        };
    }
}
