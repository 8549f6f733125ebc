package dev.pgwb.protocol.client;

import dev.pgwb.protocol.client.ScriptVerbs.Written;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a data file of pgpool's {@code pgproto} tool into a pgwb script. Each pgproto line is a
 * message kind in single quotes ({@code 'P'}) and tab-separated fields: strings in double quotes,
 * numbers bare; {@code 'Y'} waits for ReadyForQuery; {@code #} starts a comment. Counts that
 * pgproto writes out (number of OIDs, of parameters, lengths) become lists in the script.
 */
public final class PgprotoImport {

    private PgprotoImport() {
    }

    /** The script for a pgproto data file. */
    public static String toScript(String data) throws ScriptException {
        StringBuilder out = new StringBuilder("# imported from a pgproto data file\n");
        String[] lines = data.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            while (line.endsWith("\\") && i + 1 < lines.length) { // pgproto's continuation lines
                line = line.substring(0, line.length() - 1) + "\n" + lines[++i];
            }
            if (line.isBlank()) {
                out.append('\n');
                continue;
            }
            if (line.startsWith("#")) {
                out.append(line).append('\n');
                continue;
            }
            out.append(new Line(line, i + 1).convert()).append('\n');
        }
        return out.toString();
    }

    /** Quotes a value for the script language: escapes, and every {@code $} escaped (no accidental ${variables}). */
    static String quote(String s) {
        return ScriptWriter.quote(s, true);
    }

    private static final class Line {
        private final String text;
        private final int number;
        private int pos;

        Line(String text, int number) {
            this.text = text;
            this.number = number;
        }

        String convert() throws ScriptException {
            if (text.length() < 3 || text.charAt(0) != '\'' || text.charAt(2) != '\'') {
                throw new ScriptException(number, 1, "expected a message kind in single quotes, such as 'Q'");
            }
            char kind = text.charAt(1);
            pos = 3;
            return switch (kind) {
                case 'Y', 'y' -> "await ReadyForQuery";
                case 'X' -> ScriptVerbs.line("terminate", Written.of());
                case 'S' -> ScriptVerbs.line("sync", Written.of());
                case 'H' -> ScriptVerbs.line("flush", Written.of());
                case 'c' -> ScriptVerbs.line("copydone", Written.of());
                case 'Q' -> ScriptVerbs.line("query", Written.of("sql", quote(string())));
                case 'd' -> ScriptVerbs.line("copydata", Written.of("data", quote(string())));
                case 'f' -> ScriptVerbs.line("copyfail", Written.of("message", quote(string())));
                case 'P' -> parse();
                case 'B' -> bind();
                case 'E' -> {
                    String portal = string();
                    int rows = integer();
                    yield ScriptVerbs.line("execute", Written.of("portal", quote(portal),
                            "rows", rows == 0 ? null : Integer.toString(rows)));
                }
                case 'D', 'C' -> {
                    String target = kindChar() == 'S' ? "statement" : "portal";
                    yield ScriptVerbs.line(kind == 'D' ? "describe" : "close", Written.of("kind", target, "name", quote(string())));
                }
                case 'F' -> functionCall();
                default -> throw new ScriptException(number, 2, "unknown pgproto message kind '" + kind
                        + "': expected one of Y y X S H c Q d f P B E D C F");
            };
        }

        private String parse() throws ScriptException {
            String stmt = string();
            String query = string();
            int n = integer();
            List<String> oids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                oids.add(Integer.toString(integer()));
            }
            return ScriptVerbs.line("parse", Written.of("stmt", quote(stmt), "sql", quote(query),
                    "types", oids.isEmpty() ? null : "(" + String.join(", ", oids) + ")"));
        }

        private String bind() throws ScriptException {
            String portal = string();
            String stmt = string();
            int ncodes = integer();
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < ncodes; i++) {
                codes.add(integer());
            }
            int nparams = integer();
            List<String> params = new ArrayList<>();
            for (int i = 0; i < nparams; i++) {
                int len = integer();
                if (len == -1) {
                    params.add("null");
                    continue;
                }
                String v = len > 0 ? string() : "";
                int code = codes.isEmpty() ? 0 : codes.size() == 1 ? codes.get(0) : codes.get(i);
                params.add(code == 1 ? "int4:binary " + v : quote(v)); // pgproto sends a binary parameter as atoi(value), an int4
            }
            int nresults = integer();
            List<String> results = new ArrayList<>();
            for (int i = 0; i < nresults; i++) {
                results.add(Integer.toString(integer()));
            }
            boolean unusualCodes = !codes.isEmpty() && codes.stream().anyMatch(c -> c != 0 && c != 1)
                    || codes.size() > 1 && codes.size() != nparams;
            return ScriptVerbs.line("bind", Written.of("portal", quote(portal), "stmt", quote(stmt),
                    "params", params.isEmpty() ? null : "(" + String.join(", ", params) + ")",
                    "formats", unusualCodes ? "(" + String.join(", ", codes.stream().map(String::valueOf).toList()) + ")" : null,
                    "results", results.isEmpty() ? null : "(" + String.join(", ", results) + ")"));
        }

        private String functionCall() throws ScriptException {
            int oid = integer();
            int ncodes = integer();
            for (int i = 0; i < ncodes; i++) {
                integer();
            }
            int nargs = integer();
            List<String> args = new ArrayList<>();
            for (int i = 0; i < nargs; i++) {
                int len = integer();
                args.add(len == -1 ? "null" : quote(len > 0 ? string() : ""));
            }
            int result = integer();
            return ScriptVerbs.line("functioncall", Written.of("oid", Integer.toString(oid),
                    "args", args.isEmpty() ? null : "(" + String.join(", ", args) + ")", "result", result == 1 ? "binary" : null));
        }

        private void skip() {
            while (pos < text.length() && (text.charAt(pos) == '\t' || text.charAt(pos) == ' ')) {
                pos++;
            }
        }

        private String string() throws ScriptException {
            skip();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw new ScriptException(number, pos + 1, "expected a \"double-quoted\" string");
            }
            int end = text.indexOf('"', pos + 1);
            if (end < 0) {
                throw new ScriptException(number, pos + 1, "unterminated string: expected a closing \"");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private int integer() throws ScriptException {
            skip();
            int start = pos;
            if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start || text.substring(start, pos).equals("-")) {
                throw new ScriptException(number, start + 1, "expected a number");
            }
            return Integer.parseInt(text.substring(start, pos));
        }

        private char kindChar() throws ScriptException {
            skip();
            if (pos + 2 < text.length() + 0 && text.charAt(pos) == '\'' && text.charAt(pos + 2) == '\'') {
                char c = text.charAt(pos + 1);
                pos += 3;
                if (c == 'S' || c == 'P') {
                    return c;
                }
            } else if (pos < text.length() && (text.charAt(pos) == 'S' || text.charAt(pos) == 'P')) {
                return text.charAt(pos++);
            }
            throw new ScriptException(number, pos + 1, "expected 'S' (statement) or 'P' (portal)");
        }
    }
}
