package dev.pgwb.protocol.filter;

import dev.pgwb.protocol.codec.FieldKey;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.codec.Spelling;
import dev.pgwb.protocol.wire.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filter language of the timeline (and of anything else that picks messages), documented in
 * {@code docs/filter.md}:
 *
 * <pre>
 * expr  := and (('|' | 'or') and)*
 * and   := unary (('&amp;' | 'and')? unary)*      -- two terms side by side mean "and"
 * unary := ('!' | 'not') unary | '(' expr ')' | term
 * term  := key ':' value | word | "quoted text"
 * </pre>
 *
 * Keys: {@code type dir conn sqlstate stmt portal text is}, and every field key ({@code pg.statement},
 * {@link FieldKey}). A word without a key is free text. Message type names come from a
 * {@link MessageTypes} registry.
 */
public final class FilterParser {

    /** A filter that cannot be compiled: the message and the character position it refers to. */
    public static final class FilterException extends Exception {
        private final int position;

        FilterException(String message, int position) {
            super(message);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    private enum Kind { WORD, QUOTED, LPAREN, RPAREN, NOT, AND, OR, END }

    private record Token(Kind kind, String text, int position) {
    }

    private static final List<String> KEYS = List.of("type", "dir", "conn", "sqlstate", "stmt", "portal", "text", "is", "pg.*");
    private static final String FIELD_KEY_PREFIX = "pg.";

    private final List<Token> tokens;
    private final Set<String> messageTypes;
    private int at;

    private FilterParser(List<Token> tokens, MessageTypes types) {
        this.tokens = tokens;
        this.messageTypes = types.names();
    }

    /** Compiles {@code text}; blank text is {@link Filter#ALL}. */
    public static Filter parse(String text) throws FilterException {
        return parse(text, MessageTypes.standard());
    }

    /** Compiles {@code text} knowing the message types of {@code types}. */
    public static Filter parse(String text, MessageTypes types) throws FilterException {
        if (text == null || text.isBlank()) {
            return Filter.ALL;
        }
        FilterParser p = new FilterParser(tokenize(text), types);
        Filter f = p.expr();
        if (p.peek().kind != Kind.END) {
            Token t = p.peek();
            throw new FilterException("unexpected '" + t.text + "'", t.position);
        }
        return f;
    }

    /** The message type names the filter knows (every message type of the standard registry). */
    public static Set<String> knownTypes() {
        return MessageTypes.standard().names();
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private Filter expr() throws FilterException {
        Filter f = and();
        while (peek().kind == Kind.OR) {
            next();
            f = Filter.or(f, and());
        }
        return f;
    }

    private Filter and() throws FilterException {
        Filter f = unary();
        while (true) {
            Kind k = peek().kind;
            if (k == Kind.AND) {
                next();
                f = Filter.and(f, unary());
            } else if (k == Kind.WORD || k == Kind.QUOTED || k == Kind.LPAREN || k == Kind.NOT) {
                f = Filter.and(f, unary());
            } else {
                return f;
            }
        }
    }

    private Filter unary() throws FilterException {
        Token t = next();
        switch (t.kind) {
            case NOT:
                return Filter.not(unary());
            case LPAREN: {
                Filter f = expr();
                Token close = next();
                if (close.kind != Kind.RPAREN) {
                    throw new FilterException("missing ')' for the '(' at " + (t.position + 1), close.position);
                }
                return f;
            }
            case WORD:
                return term(t);
            case QUOTED:
                return text(t.text);
            case END:
                throw new FilterException("the filter ends where a term was expected", t.position);
            default:
                throw new FilterException("unexpected '" + t.text + "'", t.position);
        }
    }

    private Filter term(Token t) throws FilterException {
        String w = t.text;
        int colon = w.indexOf(':');
        if (colon <= 0) {
            return text(w);
        }
        String key = w.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = w.substring(colon + 1);
        boolean quoted = false;
        if (value.isEmpty() && peek().kind == Kind.QUOTED) {
            value = next().text;
            quoted = true;
        }
        boolean fieldKey = key.startsWith(FIELD_KEY_PREFIX);
        if (!KEYS.contains(key) && !fieldKey) {
            throw new FilterException("unknown key '" + key + ":' (keys: " + String.join(", ", KEYS) + ")", t.position);
        }
        if (value.isEmpty() && !(quoted && (fieldKey || key.equals("stmt") || key.equals("portal")))) {
            throw new FilterException("'" + key + ":' needs a value", t.position);
        }
        int vpos = t.position + colon + 1;
        if (fieldKey) {
            return field(key, value, t.position);
        }
        return switch (key) {
            case "type" -> type(value, vpos);
            case "dir" -> direction(value, vpos);
            case "conn" -> connection(value, vpos);
            case "sqlstate" -> sqlState(value, vpos);
            case "stmt" -> field(FieldKey.STATEMENT, value, "stmt:");
            case "portal" -> field(FieldKey.PORTAL, value, "portal:");
            case "text" -> text(value);
            case "is" -> is(value, vpos);
            default -> throw new IllegalStateException(key);
        };
    }

    private Filter type(String value, int pos) throws FilterException {
        if (value.contains("*")) {
            Pattern p = Pattern.compile(globToRegex(value), Pattern.CASE_INSENSITIVE);
            return Filter.of(false, r -> p.matcher(r.typeName()).matches(), "type:" + value);
        }
        String known = messageTypes.stream().filter(n -> n.equalsIgnoreCase(value)).findFirst().orElse(null);
        if (known == null) {
            String close = closest(value, messageTypes);
            throw new FilterException("unknown message type '" + value + "'" + (close != null ? " (did you mean " + close + "?)" : ""), pos);
        }
        return Filter.of(false, r -> r.typeName().equals(known), "type:" + known);
    }

    /**
     * A field key term, {@code pg.statement:S_1}: messages with a field of that key whose plain value
     * is {@code value}, exactly; with {@code *} a wildcard pattern, ignoring case.
     */
    private static Filter field(String key, String value, int pos) throws FilterException {
        FieldKey k = FieldKey.of(key);
        if (k == null) {
            String close = closest(key, Arrays.stream(FieldKey.values()).map(FieldKey::key).toList());
            throw new FilterException("unknown field key '" + key + "'" + (close != null ? " (did you mean " + close + "?)"
                    : " (docs/fields.md lists them)"), pos);
        }
        return field(k, value, k.key() + ":");
    }

    private static Filter field(FieldKey key, String value, String shownKey) {
        String shown = shownKey + (value.isEmpty() || value.contains(" ") ? "\"" + value + "\"" : value);
        if (value.contains("*")) {
            Pattern p = Pattern.compile(globToRegex(value), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            return Filter.of(true, r -> r.decoded().values(key.key()).stream().anyMatch(v -> v != null && p.matcher(v).matches()), shown);
        }
        return Filter.of(true, r -> r.decoded().values(key.key()).contains(value), shown);
    }

    /** The name nearest to a misspelling (edit distance at most 3), or null. */
    private static String closest(String value, Collection<String> names) {
        return Spelling.nearest(value, names, 3);
    }

    private static Filter direction(String value, int pos) throws FilterException {
        Direction d = switch (value.toLowerCase(Locale.ROOT)) {
            case "f", "frontend", "client", "c" -> Direction.FRONTEND;
            case "b", "backend", "server", "s" -> Direction.BACKEND;
            default -> throw new FilterException("dir: is F (frontend, client) or B (backend, server), not '" + value + "'", pos);
        };
        return Filter.of(false, r -> r.direction() == d, "dir:" + d.code());
    }

    private static Filter connection(String value, int pos) throws FilterException {
        try {
            int id = Integer.parseInt(value);
            return Filter.of(false, r -> r.connectionId() == id, "conn:" + id);
        } catch (NumberFormatException e) {
            throw new FilterException("conn: takes a connection number, not '" + value + "'", pos);
        }
    }

    private static Filter sqlState(String value, int pos) throws FilterException {
        String v = value.toUpperCase(Locale.ROOT);
        if (!v.matches("[0-9A-Z]{1,5}")) {
            throw new FilterException("sqlstate: takes a code such as 26000, or a class prefix such as 42", pos);
        }
        return Filter.of(false, r -> !r.sqlState().isEmpty() && r.sqlState().startsWith(v), "sqlstate:" + v);
    }

    private static Filter text(String value) {
        String needle = value.toLowerCase(Locale.ROOT);
        return Filter.of(true, r -> {
            var d = r.decoded();
            return (d.typeName() + "  " + MessageSummary.of(d)).toLowerCase(Locale.ROOT).contains(needle);
        }, "text:\"" + value + "\"");
    }

    private static Filter is(String value, int pos) throws FilterException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "error" -> Filter.of(false, RowFacts::isError, "is:error");
            case "notice" -> Filter.of(false, RowFacts::isNotice, "is:notice");
            case "problem", "malformed" -> Filter.of(false, RowFacts::hasProblems, "is:problem");
            case "frontend" -> Filter.of(false, r -> r.direction() == Direction.FRONTEND, "is:frontend");
            case "backend" -> Filter.of(false, r -> r.direction() == Direction.BACKEND, "is:backend");
            default -> throw new FilterException("is: takes error, notice or problem, not '" + value + "'", pos);
        };
    }

    private static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!b.isEmpty()) {
                b.append(".*");
            }
            b.append(Pattern.quote(part));
        }
        return b.toString();
    }

    private static List<Token> tokenize(String s) throws FilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == '!') {
                out.add(new Token(Kind.NOT, "!", i++));
            } else if (c == '&') {
                out.add(new Token(Kind.AND, "&", i));
                i += i + 1 < s.length() && s.charAt(i + 1) == '&' ? 2 : 1;
            } else if (c == '|') {
                out.add(new Token(Kind.OR, "|", i));
                i += i + 1 < s.length() && s.charAt(i + 1) == '|' ? 2 : 1;
            } else if (c == '"') {
                int start = i++;
                StringBuilder b = new StringBuilder();
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    b.append(s.charAt(i++));
                }
                if (i >= s.length()) {
                    throw new FilterException("unterminated \"quoted text\"", start);
                }
                i++;
                out.add(new Token(Kind.QUOTED, b.toString(), start));
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()!&|\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String w = s.substring(start, i);
                Kind k = switch (w.toLowerCase(Locale.ROOT)) {
                    case "and" -> Kind.AND;
                    case "or" -> Kind.OR;
                    case "not" -> Kind.NOT;
                    default -> Kind.WORD;
                };
                out.add(new Token(k, w, start));
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
