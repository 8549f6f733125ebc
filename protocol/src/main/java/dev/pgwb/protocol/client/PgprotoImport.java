package dev.pgwb.protocol.client;

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

    /** Quotes a value for the script language: escapes, and no accidental ${variables}. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '$' -> sb.append("\\$");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
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
                case 'X' -> "terminate";
                case 'S' -> "sync";
                case 'H' -> "flush";
                case 'c' -> "copydone";
                case 'Q' -> "query " + quote(string());
                case 'd' -> "copydata " + quote(string());
                case 'f' -> "copyfail " + quote(string());
                case 'P' -> parse();
                case 'B' -> bind();
                case 'E' -> {
                    String portal = string();
                    int rows = integer();
                    yield "execute " + quote(portal) + (rows == 0 ? "" : " rows=" + rows);
                }
                case 'D', 'C' -> {
                    String target = kindChar() == 'S' ? "statement" : "portal";
                    yield (kind == 'D' ? "describe " : "close ") + target + " " + quote(string());
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
            return "parse " + quote(stmt) + " " + quote(query) + (oids.isEmpty() ? "" : " types=(" + String.join(", ", oids) + ")");
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
            StringBuilder sb = new StringBuilder("bind " + quote(portal) + " " + quote(stmt));
            if (!params.isEmpty()) {
                sb.append(" params=(").append(String.join(", ", params)).append(')');
            }
            if (!codes.isEmpty() && codes.stream().anyMatch(c -> c != 0 && c != 1) || codes.size() > 1 && codes.size() != nparams) {
                sb.append(" formats=(").append(String.join(", ", codes.stream().map(String::valueOf).toList())).append(')');
            }
            if (!results.isEmpty()) {
                sb.append(" results=(").append(String.join(", ", results)).append(')');
            }
            return sb.toString();
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
            return "functioncall oid=" + oid + (args.isEmpty() ? "" : " args=(" + String.join(", ", args) + ")")
                    + (result == 1 ? " result=binary" : "");
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
