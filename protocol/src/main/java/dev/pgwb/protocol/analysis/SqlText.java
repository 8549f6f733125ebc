package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.codec.value.ValueRenderer;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the rules read in a request's SQL: the text itself, the tables it names, a function's argument. */
final class SqlText {
    private static final Pattern TABLE = Pattern.compile(
            "(?i)\\b(?:UPDATE|INSERT\\s+INTO|DELETE\\s+FROM|FROM|JOIN|LOCK(?:\\s+TABLE)?|ALTER\\s+TABLE|TRUNCATE(?:\\s+TABLE)?|COPY)"
                    + "\\s+(?:ONLY\\s+)?((?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*))?)");

    private SqlText() {
    }

    /** The SQL a request runs: a Query's text, a Parse's, or the statement behind a Bind or an Execute; "" otherwise. */
    static String of(Conversation c, Request r) {
        return switch (r.message()) {
            case Query q -> q.sql();
            case Parse p -> p.query();
            case Bind b -> c.portalBoundBy(r.seq()).map(PortalEntry::statement).map(StatementEntry::query).orElse("");
            case Execute e -> c.portalOf(r.seq()).map(PortalEntry::statement).map(StatementEntry::query).orElse("");
            default -> "";
        };
    }

    /** The frame that carries the SQL of a request: the Query itself, or the Parse of an Execute's statement. */
    static long textFrame(Conversation c, Request r) {
        if (r.message() instanceof Execute) {
            return c.portalOf(r.seq()).map(PortalEntry::statement).filter(s -> s.parseSeq() >= 0).map(StatementEntry::parseSeq)
                    .orElse(r.seq());
        }
        return r.seq();
    }

    /**
     * "the Execute at #24 (INSERT INTO t VALUES ($1, $2); $1 = 1, $2 = one)": a request, its SQL and,
     * for an Execute, the values its Bind carried.
     */
    static String describe(Conversation c, Request r) {
        return describe(c, r, c.connectionId());
    }

    /**
     * {@link #describe(Conversation, Request)} in an explanation about connection {@code home}: a frame
     * of another connection is written "#24 on connection 2", so that readers (and the window's links)
     * know whose numbering it is.
     */
    static String describe(Conversation c, Request r, int home) {
        return "the " + named(c, r, home);
    }

    /** {@link #describe(Conversation, Request, int)} without its article: "Execute at #24 (…)". */
    static String named(Conversation c, Request r, int home) {
        String sql = of(c, r);
        String values = "";
        if (r.message() instanceof Execute) {
            long bind = c.portalOf(r.seq()).map(PortalEntry::bindSeq).orElse(-1L);
            List<String> v = c.request(bind).map(b -> bindValues(c, b)).orElse(List.of());
            List<String> named = new ArrayList<>();
            for (int i = 0; i < v.size() && i < 6; i++) {
                named.add("$" + (i + 1) + " = " + shorten(v.get(i), 24));
            }
            values = named.isEmpty() ? "" : "; " + String.join(", ", named) + (v.size() > 6 ? ", ..." : "");
        }
        return r.typeName() + " at " + at(c.connectionId(), r.seq(), home)
                + (sql.isEmpty() ? "" : " (" + abbreviate(sql) + values + ")");
    }

    /** "#24", or "#24 on connection 2" when the frame is not on connection {@code home}. */
    static String at(int connection, long seq, int home) {
        return "#" + seq + (connection == home ? "" : " on connection " + connection);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    /** The tables a statement names (lower case unless quoted, without schema), in order. */
    static Set<String> tables(String sql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TABLE.matcher(stripLiterals(sql));
        while (m.find()) {
            String name = m.group(1);
            int dot = lastDotOutsideQuotes(name);
            if (dot >= 0) {
                name = name.substring(dot + 1);
            }
            out.add(identifier(name));
        }
        out.remove("");
        return out;
    }

    /** An SQL identifier as the server stores it: quoted as written, unquoted folded to lower case. */
    static String identifier(String raw) {
        return raw.startsWith("\"") && raw.endsWith("\"") && raw.length() >= 2
                ? raw.substring(1, raw.length() - 1).replace("\"\"", "\"") : raw.toLowerCase(Locale.ROOT);
    }

    private static int lastDotOutsideQuotes(String s) {
        boolean quoted = false;
        int dot = -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '.' && !quoted) {
                dot = i;
            }
        }
        return dot;
    }

    /** The SQL with string literals emptied, so that a word inside a string is not read as a keyword. */
    static String stripLiterals(String sql) {
        return sql.replaceAll("'(?:[^']|'')*'", "''");
    }

    /** A call of {@code function(integer)} a request made, and the frame that carries its argument. */
    record Call(long argumentFrame, long argument) {
    }

    /**
     * The integer argument of {@code function} in a request: a literal in the SQL, or a parameter
     * ({@code $1}) whose value the Bind carried, as text or binary.
     */
    static Optional<Call> call(Conversation c, Request r, String function) {
        String sql = of(c, r);
        Matcher m = Pattern.compile("(?i)\\b" + function + "\\s*\\(\\s*(?:(\\d+)|\\$(\\d+))").matcher(sql);
        if (!m.find()) {
            return Optional.empty();
        }
        if (m.group(1) != null) {
            return parse(m.group(1)).map(v -> new Call(r.seq(), v));
        }
        int parameter = Integer.parseInt(m.group(2)) - 1;
        long bindSeq = switch (r.message()) {
            case Bind b -> r.seq();
            case Execute e -> c.portalOf(r.seq()).map(PortalEntry::bindSeq).orElse(-1L);
            default -> -1L;
        };
        return c.request(bindSeq).flatMap(b -> bindValue(c, b, parameter)).flatMap(SqlText::parse)
                .map(v -> new Call(bindSeq, v));
    }

    /** Parameter {@code i} of a Bind as text, decoded by its statement's type when binary; empty for NULL or absent. */
    static Optional<String> bindValue(Conversation c, Request bindRequest, int i) {
        if (!(bindRequest.message() instanceof Bind b) || i < 0 || i >= b.parameters().size() || b.parameters().get(i) == null) {
            return Optional.empty();
        }
        Bytes v = b.parameters().get(i);
        List<Integer> formats = b.parameterFormats();
        int format = formats.isEmpty() ? 0 : formats.size() == 1 ? formats.get(0) : i < formats.size() ? formats.get(i) : 0;
        List<Integer> types = c.portalBoundBy(bindRequest.seq()).map(PortalEntry::statement).map(StatementEntry::parameterTypes)
                .orElse(List.of());
        int type = i < types.size() ? types.get(i) : 0;
        if (format == 1 && type == 0) {
            type = switch (v.length()) { // an integer argument sent in binary without a declared type
                case 2 -> 21;
                case 4 -> 23;
                case 8 -> 20;
                default -> 0;
            };
        }
        byte[] bytes = v.toArray();
        return Optional.of(ValueRenderer.render(type, format, bytes, 0, bytes.length, StandardCharsets.UTF_8));
    }

    /** Every parameter of a Bind as text (NULL as "NULL"). */
    static List<String> bindValues(Conversation c, Request bindRequest) {
        List<String> out = new ArrayList<>();
        if (bindRequest.message() instanceof Bind b) {
            for (int i = 0; i < b.parameters().size(); i++) {
                out.add(bindValue(c, bindRequest, i).orElse("NULL"));
            }
        }
        return out;
    }

    private static Optional<Long> parse(String digits) {
        try {
            return Optional.of(Long.parseLong(digits.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
