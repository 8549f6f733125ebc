package dev.pgwb.protocol.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario of the library: a script and what it is for, read from the comment lines at its top
 * ({@code # title:}, {@code # teaches:}, {@code # outcome:}, {@code # server:}, {@code # requires:}).
 *
 * @param name     the file name without {@code .pgws}, e.g. {@code 06-close-then-bind}
 * @param title    one line
 * @param teaches  the paragraph explaining what it shows
 * @param outcome  the expected outcome in words (the script's expect lines check it)
 * @param server   what the server must be configured for, or "" when nothing special
 * @param requires the server versions it needs, e.g. {@code PostgreSQL 18} (that one or newer), or "" for any
 * @param script   the script text
 */
public record Scenario(String name, String title, String teaches, String outcome, String server, String requires, String script) {

    private static final Pattern KEY = Pattern.compile("#\\s*(title|teaches|outcome|server|requires):\\s*(.*)");

    public static Scenario parse(String name, String text) {
        Map<String, StringBuilder> meta = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\r?\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            Matcher m = KEY.matcher(line);
            if (m.matches()) {
                last = m.group(1);
                meta.put(last, new StringBuilder(m.group(2).trim()));
            } else if (last != null && !line.substring(1).isBlank()) {
                meta.get(last).append(' ').append(line.substring(1).trim());
            }
        }
        return new Scenario(name, get(meta, "title", name), get(meta, "teaches", ""), get(meta, "outcome", ""),
                get(meta, "server", ""), get(meta, "requires", ""), text);
    }

    private static String get(Map<String, StringBuilder> meta, String key, String otherwise) {
        StringBuilder sb = meta.get(key);
        return sb == null ? otherwise : sb.toString();
    }

    /**
     * The oldest server version the scenario runs on, from its {@code requires:} line; empty when it
     * runs on any (or the line names no version pgwb can read).
     */
    public Optional<ServerVersion> minimumServerVersion() {
        return ServerVersion.parseRequirement(requires);
    }

    /** The name without its number: {@code close-then-bind}. */
    public String shortName() {
        return name.replaceFirst("^\\d+-", "");
    }

    /** The number in front of the name, or -1. */
    public int number() {
        Matcher m = Pattern.compile("^(\\d+)-").matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
