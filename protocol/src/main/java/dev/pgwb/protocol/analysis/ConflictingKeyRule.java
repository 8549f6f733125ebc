package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 23505 unique_violation: the DETAIL's key values found in an earlier request (a Bind's parameters,
 * or a Query's literals) that wrote that table, on this connection or another to the same server.
 */
final class ConflictingKeyRule implements ErrorRule {
    private static final Pattern KEY = Pattern.compile("Key \\((.+)\\)=\\((.*)\\) already exists");

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
            for (Request r : k.requests()) {
                long t = e.session.time(k.connectionId(), r.seq());
                if (t >= e.time() || (k == e.conversation && e.failed != null && r.seq() >= e.failed.seq())
                        || r.status() != Request.Status.DONE || !(r.message() instanceof Query || r.message() instanceof Execute)) {
                    continue;
                }
                String sql = SqlText.of(k, r);
                if (!writes(sql, tables) || !carries(k, r, sql, values)) {
                    continue;
                }
                if (t > foundTime) {
                    where = k;
                    found = r;
                    foundTime = t;
                }
            }
        }
        if (found == null) {
            return null;
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

    private static boolean writes(String sql, Set<String> tables) {
        String upper = SqlText.stripLiterals(sql).toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains("INSERT") && !upper.contains("UPDATE") && !upper.contains("COPY")) {
            return false;
        }
        return tables.isEmpty() || SqlText.tables(sql).stream().anyMatch(tables::contains);
    }

    private static boolean carries(Conversation c, Request r, String sql, List<String> values) {
        if (r.message() instanceof Execute) {
            long bind = c.portalOf(r.seq()).map(p -> p.bindSeq()).orElse(-1L);
            List<String> params = c.request(bind).map(b -> SqlText.bindValues(c, b)).orElse(List.of());
            if (!params.isEmpty()) {
                return params.containsAll(values);
            }
        }
        for (String v : values) {
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
