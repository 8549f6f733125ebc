package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 23505 unique_violation: the DETAIL's key values found in an earlier request (a Bind's parameters,
 * or a Query's literals) that wrote that table, on this connection or another to the same server.
 */
final class ConflictingKeyRule implements ErrorRule {
    private static final Pattern KEY = Pattern.compile("Key \\((.+)\\)=\\((.*)\\) already exists");
    /** How many requests before the error are searched on its connection (a tenth of it on the others). */
    private static final int LOOK_BACK = 5_000;

    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("23505")) {
            return null;
        }
        Matcher m = KEY.matcher(e.field('D'));
        if (!m.find()) {
            return null;
        }
        String columns = m.group(1);
        List<String> values = split(m.group(2));
        String table = e.field('t');
        Set<String> tables = table.isEmpty() ? SqlText.tables(e.failedSql()) : Set.of(table);
        Conversation where = null;
        Request found = null;
        long foundTime = Long.MIN_VALUE;
        for (Conversation k : e.session.conversations()) {
            if (k != e.conversation && !e.session.sameServer(k.connectionId(), e.connection())) {
                continue;
            }
            // the last writes before the error: LOOK_BACK on this connection, a tenth of it on the others
            List<Write> writes = e.session.memo(new Index(k.connectionId()), () -> writes(e.session, k));
            boolean own = k == e.conversation && e.failed != null;
            int end = upTo(writes, own ? Long.MAX_VALUE : e.time(), own ? e.failed.seq() : Long.MAX_VALUE);
            int stop = Math.max(0, end - (k == e.conversation ? LOOK_BACK : LOOK_BACK / 10));
            for (int i = end - 1; i >= stop; i--) {
                Write w = writes.get(i);
                if (w.time() <= foundTime) {
                    break; // older than what another connection already gave
                }
                if ((tables.isEmpty() || w.tables().stream().anyMatch(tables::contains)) && carries(k, w.request(), values)) {
                    where = k;
                    found = w.request();
                    foundTime = w.time();
                    break;
                }
            }
        }
        if (found == null) {
            return Explanation.of("duplicate-key", "", (e.failed == null ? "The request" : "The " + e.failed.typeName() + " at #"
                            + e.failed.seq()) + (e.failedSql().isEmpty() ? "" : " (" + SqlText.abbreviate(e.failedSql()) + ")")
                            + " tried to write Key (" + columns + ")=(" + m.group(2) + ")"
                            + (e.field('n').isEmpty() ? "" : ", which constraint " + e.field('n') + " keeps unique")
                            + ". No write of that key appears in this recording before it: the row was there already (written "
                            + "before the recording began, or by a client it does not hold).",
                    "Do not insert the same key twice: check for it first, use INSERT ... ON CONFLICT, or let a sequence or "
                            + "identity column make the keys.", List.of());
        }
        String conflicting = "Key (" + columns + ")=(" + m.group(2) + ")";
        String on = where == e.conversation ? "" : " on connection " + where.connectionId();
        List<FrameRef> frames = new ArrayList<>();
        long valuesFrame = valuesFrame(where, found);
        frames.add(ErrorCase.ref(where, valuesFrame, "wrote " + conflicting + on));
        String constraint = e.field('n').isEmpty() ? "" : " (constraint " + e.field('n') + (table.isEmpty() ? "" : " on " + table) + ")";
        return Explanation.of("duplicate-key", "", (e.failed == null ? "The request" : "The " + e.failed.typeName() + " at #" + e.failed.seq())
                        + (e.failedSql().isEmpty() ? "" : " (" + SqlText.abbreviate(e.failedSql()) + ")") + " tried to write "
                        + conflicting + ", which " + SqlText.describe(where, found, e.connection()) + (valuesFrame != found.seq()
                        ? " (its values in the Bind at " + SqlText.at(where.connectionId(), valuesFrame, e.connection()) + ")" : "") + " had already written" + constraint + ".",
                "Do not insert the same key twice: check for it first, use INSERT ... ON CONFLICT, or let a sequence or identity "
                        + "column make the keys.", frames);
    }

    /** Splits "1, abc" into its values (a key's values are printed separated by ", "). */
    private static List<String> split(String values) {
        List<String> out = new ArrayList<>();
        for (String v : values.split(", ")) {
            out.add(v.trim());
        }
        return out;
    }

    /** A request that wrote (INSERT, UPDATE, MERGE, COPY) and completed, with the tables it names. */
    private record Write(Request request, long time, Set<String> tables) {
    }

    private record Index(int connection) {
    }

    /** A connection's completed writes, in order: found once per session, whatever the number of errors. */
    private static List<Write> writes(SessionFacts s, Conversation c) {
        List<Write> out = new ArrayList<>();
        for (Request r : c.requests()) {
            if (r.status() != Request.Status.DONE || !(r.message() instanceof Query || r.message() instanceof Execute)) {
                continue;
            }
            String sql = SqlText.of(c, r);
            String upper = sql.length() > 4096 ? sql.substring(0, 4096).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
            if (upper.contains("INSERT") || upper.contains("UPDATE") || upper.contains("MERGE") || upper.contains("COPY")) {
                out.add(new Write(r, s.time(c.connectionId(), r.seq()), SqlText.tables(sql)));
            }
        }
        return out;
    }

    /** The number of writes sent before {@code time} (or, on the error's own connection, before frame {@code seq}). */
    private static int upTo(List<Write> writes, long time, long seq) {
        int lo = 0;
        int hi = writes.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Write w = writes.get(mid);
            if (w.request().seq() < seq && w.time() < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean carries(Conversation c, Request r, List<String> values) {
        if (r.message() instanceof Execute) {
            long bind = c.portalOf(r.seq()).map(p -> p.bindSeq()).orElse(-1L);
            List<String> params = c.request(bind).map(b -> SqlText.bindValues(c, b)).orElse(List.of());
            if (!params.isEmpty()) {
                return params.containsAll(values);
            }
        }
        String sql = SqlText.of(c, r);
        for (String v : values) {
            if (!sql.contains(v.replace("'", "''"))) {
                return false; // cheap test first: most writes do not carry the value at all
            }
            if (!Pattern.compile("(?<![\\w.])'?" + Pattern.quote(v.replace("'", "''")) + "'?(?![\\w.])").matcher(sql).find()) {
                return false;
            }
        }
        return true;
    }

    private static long valuesFrame(Conversation c, Request r) {
        if (r.message() instanceof Execute) {
            return c.portalOf(r.seq()).map(p -> p.bindSeq()).orElse(r.seq());
        }
        return r.seq();
    }
}
