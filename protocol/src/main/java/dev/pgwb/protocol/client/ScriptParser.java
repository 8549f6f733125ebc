package dev.pgwb.protocol.client;

import dev.pgwb.protocol.client.Script.Arg;
import dev.pgwb.protocol.client.Script.ListValue;
import dev.pgwb.protocol.client.Script.Step;
import dev.pgwb.protocol.client.Script.Text;
import dev.pgwb.protocol.client.Script.Value;
import dev.pgwb.protocol.codec.Spelling;
import dev.pgwb.protocol.codec.value.TypeOids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the composer's script language (see {@code docs/script.md}): one command per line,
 * positional and {@code name=value} arguments, {@code "strings"} with escapes, {@code 'literal'}
 * strings, {@code (lists, of items)}, {@code #} comments. Every mistake is reported with its line
 * and column and what was expected there.
 */
public final class ScriptParser {

    static final Map<String, String> ALIASES = Map.of("statement", "stmt", "query", "sql", "maxrows", "rows", "status", "status");

    private final String source;
    private int line;
    private int pos;

    private ScriptParser(String source) {
        this.source = source;
    }

    /** Parses a whole script. */
    public static Script parse(String text) throws ScriptException {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Step s = new ScriptParser(lines[i]).line(i + 1);
            if (s != null) {
                steps.add(s);
            }
        }
        return new Script(steps);
    }

    /** The command names the language knows, in the order the documentation lists them. */
    public static Set<String> commands() {
        return ScriptVerbs.names();
    }

    // ------------------------------------------------------------------ one line

    private Step line(int number) throws ScriptException {
        line = number;
        skipSpace();
        if (atEnd() || peek() == '#') {
            return null;
        }
        int cmdColumn = pos + 1;
        int start = pos;
        while (!atEnd() && !Character.isWhitespace(peek()) && peek() != '#') {
            pos++;
        }
        String word = source.substring(start, pos);
        String command = word.toLowerCase(Locale.ROOT);
        ScriptVerbs.Verb verb = ScriptVerbs.get(command);
        if (verb == null) {
            throw error(cmdColumn, "unknown command \"" + word + "\": expected " + suggestion(command, ScriptVerbs.names(), "a command"));
        }
        List<Arg> args = new ArrayList<>();
        while (true) {
            boolean spaced = skipSpace();
            if (atEnd() || peek() == '#') {
                break;
            }
            if (!spaced) {
                throw error(pos + 1, "expected a space before \"" + peek() + "\"");
            }
            args.add(argument());
        }
        String text = source.strip();
        return switch (command) {
            case "expect", "await" -> waitStep(number, command, args, text, cmdColumn);
            default -> checked(number, command, verb, args, text);
        };
    }

    private Step checked(int number, String command, ScriptVerbs.Verb verb, List<Arg> args, String text) throws ScriptException {
        Map<String, Arg> named = new LinkedHashMap<>();
        List<Arg> extra = new ArrayList<>();
        List<Arg> positional = new ArrayList<>();
        for (Arg a : args) {
            if (a.name() == null) {
                positional.add(a);
                continue;
            }
            String n = ALIASES.getOrDefault(a.name().toLowerCase(Locale.ROOT), a.name().toLowerCase(Locale.ROOT));
            if (a.op() == '~') {
                throw error(a.column(), "\"~\" (contains) only goes in expect and await: expected \"" + a.name() + "=\"");
            }
            if (verb.named().contains(n)) {
                if (named.containsKey(n)) {
                    throw error(a.column(), "\"" + n + "\" is given twice");
                }
                named.put(n, new Arg(n, '=', a.value(), a.column()));
            } else if (verb.anyNamed()) {
                extra.add(a); // a startup parameter: the name as written
            } else {
                throw error(a.column(), "unknown argument \"" + a.name() + "\" for " + command + ": expected "
                        + suggestion(n, verb.named(), "no named argument") + " (" + verb.usage() + ")");
            }
        }
        if (verb.variadic()) {
            extra.addAll(positional);
            if (command.equals("raw") && extra.isEmpty()) {
                throw error(source.length() + 1, "expected bytes after raw, e.g. raw 00 00 00 08 04 d2 16 2f");
            }
        } else {
            List<String> slots = verb.slots(positional.size(), named.keySet());
            if (positional.size() > slots.size()) {
                Arg a = positional.get(slots.size());
                throw error(a.column(), "unexpected argument " + show(a.value()) + ": " + command + " takes "
                        + (slots.isEmpty() ? "no more positional arguments" : "at most " + slots.size() + " (" + String.join(", ", slots) + ")")
                        + " (" + verb.usage() + ")");
            }
            for (int i = 0; i < positional.size(); i++) {
                Arg a = positional.get(i);
                named.put(slots.get(i), new Arg(slots.get(i), '=', a.value(), a.column()));
            }
        }
        Step step = new Step(number, command, named, extra, text);
        validate(step);
        return step;
    }

    /** Checks what can be checked before running: required arguments, numbers, kinds, types, bytes. */
    private void validate(Step s) throws ScriptException {
        int end = source.length() + 1;
        switch (s.command()) {
            case "connection" -> require(s, "name", end, "a connection name, e.g. connection second");
            case "password" -> require(s, "text", end, "the password text");
            case "query" -> require(s, "sql", end, "the SQL text, e.g. query \"select 1\"");
            case "parse" -> {
                require(s, "sql", end, "the SQL text, e.g. parse S_1 \"select $1::int\"");
                if (s.has("types")) {
                    for (Text t : words(s.arg("types").value())) {
                        if (!hasVariable(t) && !t.text().matches("\\d+") && TypeOids.byName(t.text()) < 0) {
                            throw error(t.column(), "unknown type \"" + t.text() + "\": expected a built-in type name (int4, text, ...) or an OID");
                        }
                    }
                }
            }
            case "describe", "close" -> {
                require(s, "kind", end, "statement or portal, e.g. " + s.command() + " statement S_1");
                Text k = literal(s.arg("kind"));
                if (k != null && kind(k.text()) == 0) {
                    throw error(k.column(), "expected statement or portal (or S or P), got " + show(k));
                }
                if (!s.has("name")) {
                    throw error(end, "expected the " + (k == null ? "" : (kind(k.text()) == 'S' ? "statement" : "portal") + " ")
                            + "name after " + s.command() + " " + (k == null ? "" : k.text()) + " (\"\" for the unnamed one)");
                }
            }
            case "execute" -> checkInt(s, "rows");
            case "cancel" -> {
                checkInt(s, "pid");
                if (s.has("pid") != s.has("key")) {
                    throw error(end, "cancel takes both pid= and key=, or neither (then the current connection's BackendKeyData)");
                }
            }
            case "functioncall" -> {
                require(s, "oid", end, "oid=N, the function's OID");
                checkInt(s, "oid");
            }
            case "copydata" -> require(s, "data", end, "the data, e.g. copydata \"1\\tone\\n\"");
            case "copyfail" -> require(s, "message", end, "the reason, e.g. copyfail \"changed my mind\"");
            case "set" -> {
                require(s, "name", end, "a variable name");
                require(s, "value", end, "a value");
            }
            case "timeout" -> {
                require(s, "duration", end, "a duration such as 5s or 500ms");
                Text t = literal(s.arg("duration"));
                if (t != null) {
                    duration(t);
                }
            }
            case "raw" -> {
                for (Arg a : s.extra()) {
                    if (a.value() instanceof Text t && !t.quoted() && !hasVariable(t)) {
                        hex(t);
                    } else if (a.value() instanceof ListValue l) {
                        throw error(l.column(), "expected hex bytes or a string, not a list");
                    }
                }
            }
            case "startup", "connect" -> {
                if (s.has("version")) {
                    Text t = literal(s.arg("version"));
                    if (t != null) {
                        try {
                            ConnectionSettings.parseVersion(t.text());
                        } catch (IllegalArgumentException e) {
                            throw error(t.column(), e.getMessage());
                        }
                    }
                }
            }
            default -> { }
        }
    }

    // ------------------------------------------------------------------ expect / await

    private Step waitStep(int number, String command, List<Arg> args, String text, int cmdColumn) throws ScriptException {
        if (args.isEmpty()) {
            throw error(source.stripTrailing().length() + 2, "expected a message type (e.g. " + command + " ReadyForQuery)"
                    + (command.equals("await") ? ", a duration (await 500ms)" : ", nothing [DURATION]") + " or closed after " + command);
        }
        Arg first = args.get(0);
        if (first.name() != null || !(first.value() instanceof Text what) || what.quoted()) {
            throw error(first.column(), "expected a message type after " + command + " (e.g. ReadyForQuery, ErrorResponse)");
        }
        Map<String, Arg> named = new LinkedHashMap<>();
        List<Arg> matchers = new ArrayList<>();
        String w = what.text();
        if (command.equals("await") && Character.isDigit(w.charAt(0))) {
            duration(what);
            named.put("duration", first);
            if (args.size() > 1) {
                throw error(args.get(1).column(), "unexpected argument after a duration");
            }
            return new Step(number, command, named, matchers, text);
        }
        named.put("type", first);
        if (w.equalsIgnoreCase("closed")) {
            if (args.size() > 1) {
                throw error(args.get(1).column(), "unexpected argument after closed");
            }
            return new Step(number, command, named, matchers, text);
        }
        if (command.equals("expect") && w.equalsIgnoreCase("nothing")) {
            if (args.size() > 2) {
                throw error(args.get(2).column(), "unexpected argument: expect nothing takes one duration at most");
            }
            if (args.size() == 2) {
                if (!(args.get(1).value() instanceof Text d) || args.get(1).name() != null) {
                    throw error(args.get(1).column(), "expected a duration such as 300ms");
                }
                duration(d);
                named.put("duration", args.get(1));
            }
            return new Step(number, command, named, matchers, text);
        }
        if (!MessageNames.isKnown(w)) {
            throw error(what.column(), "unknown message type \"" + w + "\": expected "
                    + suggestion(w, MessageNames.all(), "a message type") + ", closed" + (command.equals("await") ? " or a duration" : " or nothing"));
        }
        for (int i = 1; i < args.size(); i++) {
            Arg a = args.get(i);
            if (a.name() == null && a.value() instanceof Text t && !t.quoted() && t.text().equals("as")) {
                if (i + 1 >= args.size() || !(args.get(i + 1).value() instanceof Text v) || args.get(i + 1).name() != null
                        || !v.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw error(i + 1 < args.size() ? args.get(i + 1).column() : source.length() + 1,
                            "expected a variable name after \"as\"");
                }
                named.put("as", args.get(i + 1));
                if (i + 2 < args.size()) {
                    throw error(args.get(i + 2).column(), "unexpected argument after \"as " + v.text() + "\"");
                }
                break;
            }
            if (a.name() == null) {
                throw error(a.column(), "expected field=value, field~text or \"as NAME\", got " + show(a.value()));
            }
            if (a.value() instanceof ListValue l) {
                throw error(l.column(), "expected a single value for " + a.name() + ", not a list");
            }
            matchers.add(a);
        }
        return new Step(number, command, named, matchers, text);
    }

    // ------------------------------------------------------------------ tokens

    private Arg argument() throws ScriptException {
        int column = pos + 1;
        if (peek() == '(' || peek() == '"' || peek() == '\'') {
            return new Arg(null, '=', value(), column);
        }
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
            pos++;
        }
        if (pos > start && !atEnd() && (peek() == '=' || peek() == '~') && Character.isLetter(source.charAt(start))
                || pos > start && !atEnd() && (peek() == '=' || peek() == '~') && source.charAt(start) == '_') {
            String name = source.substring(start, pos);
            char op = source.charAt(pos++);
            if (atEnd() || Character.isWhitespace(peek()) || peek() == '#') {
                throw error(pos + 1, "expected a value after \"" + name + op + "\" (write \"\" for an empty one)");
            }
            return new Arg(name, op, value(), column);
        }
        pos = start;
        return new Arg(null, '=', value(), column);
    }

    private Value value() throws ScriptException {
        if (peek() == '(') {
            return list();
        }
        return text(false);
    }

    private ListValue list() throws ScriptException {
        int column = pos + 1;
        pos++;
        List<List<Text>> items = new ArrayList<>();
        List<Text> item = new ArrayList<>();
        while (true) {
            skipSpace();
            if (atEnd()) {
                throw error(source.length() + 1, "expected \")\" to close the list opened at column " + column);
            }
            char c = peek();
            if (c == ')') {
                pos++;
                if (!item.isEmpty()) {
                    items.add(item);
                } else if (!items.isEmpty()) {
                    throw error(pos, "expected an item after \",\"");
                }
                return new ListValue(items, column);
            }
            if (c == ',') {
                if (item.isEmpty()) {
                    throw error(pos + 1, "expected an item before \",\"");
                }
                items.add(item);
                item = new ArrayList<>();
                pos++;
                continue;
            }
            if (c == '(') {
                throw error(pos + 1, "expected a word or a string: lists do not nest");
            }
            item.add(text(true));
        }
    }

    private Text text(boolean inList) throws ScriptException {
        int column = pos + 1;
        char c = peek();
        if (c == '"') {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error(column, "unterminated string: expected a closing \" before the end of the line");
                }
                char ch = source.charAt(pos++);
                if (ch == '"') {
                    break;
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        throw error(pos + 1, "expected an escaped character after \\");
                    }
                    char e = source.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '0' -> sb.append('\0');
                        case '\\', '"', '\'' -> sb.append(e);
                        case '$' -> sb.append("\\$"); // kept escaped so that interpolation leaves it alone
                        case 'x' -> {
                            if (pos + 2 > source.length() || !source.substring(pos, pos + 2).matches("[0-9a-fA-F]{2}")) {
                                throw error(pos - 1, "expected two hex digits after \\x");
                            }
                            sb.append((char) Integer.parseInt(source.substring(pos, pos + 2), 16));
                            pos += 2;
                        }
                        default -> throw error(pos - 1, "unknown escape \\" + e + ": expected \\n, \\t, \\r, \\0, \\\\, \\\", \\$ or \\xHH");
                    }
                } else {
                    sb.append(ch);
                }
            }
            Text t = new Text(sb.toString(), true, true, column);
            checkVariables(t);
            return t;
        }
        if (c == '\'') {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error(column, "unterminated string: expected a closing ' before the end of the line");
                }
                char ch = source.charAt(pos++);
                if (ch == '\'') {
                    if (!atEnd() && peek() == '\'') {
                        sb.append('\'');
                        pos++;
                        continue;
                    }
                    break;
                }
                sb.append(ch);
            }
            return new Text(sb.toString(), true, false, column);
        }
        int start = pos;
        while (!atEnd() && !Character.isWhitespace(peek()) && peek() != '#' && peek() != ')' && peek() != '(' && !(inList && peek() == ',')
                && peek() != '"' && peek() != '\'') {
            pos++;
        }
        if (pos == start) {
            throw error(column, "expected a value, got \"" + peek() + "\"");
        }
        Text t = new Text(source.substring(start, pos), false, true, column);
        checkVariables(t);
        return t;
    }

    private void checkVariables(Text t) throws ScriptException {
        String s = t.text();
        int i = s.indexOf("${");
        while (i >= 0) {
            if (i > 0 && s.charAt(i - 1) == '\\') {
                i = s.indexOf("${", i + 2);
                continue;
            }
            int close = s.indexOf('}', i);
            if (close < 0) {
                throw error(t.column() + (t.quoted() ? 1 : 0) + i, "expected \"}\" to close \"${\"");
            }
            if (!s.substring(i + 2, close).matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
                throw error(t.column() + (t.quoted() ? 1 : 0) + i + 2, "expected a variable name such as ${key} or ${key.pid} inside ${...}");
            }
            i = s.indexOf("${", close);
        }
    }

    // ------------------------------------------------------------------ helpers shared with the runner

    static char kind(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "statement", "stmt", "s" -> 'S';
            case "portal", "p" -> 'P';
            default -> 0;
        };
    }

    static boolean hasVariable(Text t) {
        return t.interpolate() && (t.text().contains("${") || !t.quoted() && t.text().matches(".*\\$[A-Za-z_].*"));
    }

    /** Milliseconds of {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}. */
    static long millis(String s) {
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)").matcher(s.trim());
        if (!m.matches()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        return (long) switch (m.group(2)) {
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    /** Bytes of hex words such as {@code 00}, {@code 0004d2}, {@code 0x16}. */
    static byte[] hexBytes(String word) {
        String h = word.startsWith("0x") || word.startsWith("0X") ? word.substring(2) : word;
        if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]+")) {
            return null;
        }
        return java.util.HexFormat.of().parseHex(h);
    }

    private void hex(Text t) throws ScriptException {
        if (hexBytes(t.text()) == null) {
            throw error(t.column(), "expected hex bytes (an even number of hex digits, e.g. 04d2 or 0x04d2) or a \"string\", got "
                    + show(t));
        }
    }

    private void duration(Text t) throws ScriptException {
        if (t.quoted() || millis(t.text()) < 0) {
            throw error(t.column(), "expected a duration such as 500ms, 2s or 1m, got " + show(t));
        }
    }

    private void require(Step s, String name, int column, String what) throws ScriptException {
        if (!s.has(name)) {
            throw error(column, "expected " + what);
        }
    }

    private void checkInt(Step s, String name) throws ScriptException {
        Text t = literal(s.arg(name));
        if (t != null && !t.text().matches("-?\\d+")) {
            throw error(t.column(), "expected a whole number for " + name + ", got " + show(t));
        }
    }

    private static Text literal(Arg a) {
        return a != null && a.value() instanceof Text t && !hasVariable(t) ? t : null;
    }

    private static List<Text> words(Value v) {
        if (v instanceof Text t) {
            List<Text> out = new ArrayList<>();
            int col = t.column();
            for (String part : t.text().split(",")) {
                out.add(new Text(part.trim(), t.quoted(), t.interpolate(), col));
                col += part.length() + 1;
            }
            return out;
        }
        return ((ListValue) v).items().stream().flatMap(List::stream).toList();
    }

    private static String show(Value v) {
        return v instanceof Text t ? "\"" + t.text() + "\"" : "a list";
    }

    private static String suggestion(String word, java.util.Collection<String> known, String none) {
        if (known.isEmpty()) {
            return none;
        }
        String best = Spelling.nearest(word, known, Math.max(2, word.length() / 3));
        if (best != null) {
            return "\"" + best + "\" (did you mean it?)";
        }
        return known.size() > 12 ? "one of " + String.join(", ", known.stream().limit(12).toList()) + ", ..."
                : "one of " + String.join(", ", known);
    }

    private boolean skipSpace() {
        int start = pos;
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
        return pos > start;
    }

    private boolean atEnd() {
        return pos >= source.length();
    }

    private char peek() {
        return source.charAt(pos);
    }

    private ScriptException error(int column, String reason) {
        return new ScriptException(line, column, reason);
    }
}
