package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ReadyMark;
import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the lock rules share: the tables an error is about, and the statements of another connection's open transaction that touched them. */
final class Locks {
    private static final Pattern RELATION = Pattern.compile("relation \"((?:[^\"]|\"\")+)\"");

    private Locks() {
    }

    /** The tables the failed statement names, and the relation the message or CONTEXT names. */
    static Set<String> tables(ErrorCase e) {
        Set<String> t = new LinkedHashSet<>();
        for (String text : new String[] {e.message(), e.field('W')}) {
            Matcher m = RELATION.matcher(text);
            while (m.find()) {
                t.add(m.group(1).replace("\"\"", "\""));
            }
        }
        if (!e.field('t').isEmpty()) {
            t.add(e.field('t'));
        }
        t.addAll(SqlText.tables(e.failedSql()));
        return t;
    }

    /** The requests of {@code c}'s transaction open at {@code time} (since its last ReadyForQuery 'I'), sent before {@code time}. */
    static List<Request> openTransaction(SessionFacts s, Conversation c, long time) {
        List<ReadyMark> marks = c.readyMarks();
        int last = Requests.lastReady(s, c, time);
        char status = last < 0 ? 0 : marks.get(last).status();
        int idle = last;
        while (idle >= 0 && marks.get(idle).status() != 'I') {
            idle--;
        }
        long since = idle < 0 ? -1 : marks.get(idle).seq();
        // a transaction block still open, or a statement still running in an implicit one
        boolean open = status == 'T' || status == 'E' || ErrorCase.runningAt(s, c, time).isPresent();
        if (!open) {
            return List.of();
        }
        List<Request> requests = c.requests();
        List<Request> out = new ArrayList<>();
        for (int i = Requests.from(requests, since + 1), end = Requests.after(s, c, time); i < end; i++) {
            Request r = requests.get(i);
            if (r.status() != Request.Status.SKIPPED && r.status() != Request.Status.NOT_EXECUTED && !SqlText.of(c, r).isEmpty()
                    && !(r.message() instanceof dev.pgwb.protocol.message.Parse)
                    && !(r.message() instanceof dev.pgwb.protocol.message.Bind)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The request of {@code tx} that most likely holds the lock: completed by {@code time} (a statement
     * still waiting holds nothing yet), naming one of {@code tables}, sharing a {@code column = value}
     * condition with {@code wanted} when one does; the latest such.
     */
    static Optional<Request> holder(SessionFacts s, Conversation c, List<Request> tx, long time, Set<String> tables,
                                    Map<String, String> wanted) {
        Request best = null;
        boolean bestMatches = false;
        for (Request r : tx) {
            if (r.replies().isEmpty() || s.time(c.connectionId(), r.replies().get(r.replies().size() - 1)) > time) {
                continue;
            }
            String sql = SqlText.of(c, r);
            if (SqlText.tables(sql).stream().noneMatch(tables::contains)) {
                continue;
            }
            Map<String, String> has = conditions(c, r);
            boolean matches = has.entrySet().stream().anyMatch(e -> e.getValue().equals(wanted.get(e.getKey())));
            if (matches) {
                best = r;
                bestMatches = true;
            } else if (!bestMatches) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    private static final Pattern CONDITION = Pattern.compile(
            "(?i)\\b([\\p{L}_][\\p{L}\\p{N}_]*)\\s*=\\s*('(?:[^']|'')*'|-?\\d+(?:\\.\\d+)?|\\$\\d+)");

    /** The {@code column = value} conditions after WHERE in a request's SQL, parameters ($1) read from its Bind. */
    static Map<String, String> conditions(Conversation c, Request r) {
        String sql = SqlText.of(c, r);
        int where = sql.toUpperCase(java.util.Locale.ROOT).lastIndexOf("WHERE");
        Map<String, String> out = new java.util.HashMap<>();
        if (where < 0) {
            return out;
        }
        List<String> params = List.of();
        if (r.message() instanceof dev.pgwb.protocol.message.Execute) {
            long bind = c.portalOf(r.seq()).map(dev.pgwb.protocol.conversation.PortalEntry::bindSeq).orElse(-1L);
            params = c.request(bind).map(b -> SqlText.bindValues(c, b)).orElse(List.of());
        }
        Matcher m = CONDITION.matcher(sql.substring(where));
        while (m.find()) {
            String v = m.group(2);
            if (v.startsWith("$")) {
                int i = Integer.parseInt(v.substring(1)) - 1;
                v = i < params.size() ? params.get(i) : v;
            } else if (v.startsWith("'")) {
                v = v.substring(1, v.length() - 1).replace("''", "'");
            }
            out.put(SqlText.identifier(m.group(1)), v);
        }
        return out;
    }

    /** The first statement of a transaction's requests (its BEGIN, or its first statement). */
    static Optional<Request> begin(List<Request> transaction) {
        return transaction.isEmpty() ? Optional.empty() : Optional.of(transaction.get(0));
    }
}
