package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a connection's setting (statement_timeout, lock_timeout...) came from before a frame: a
 * {@code SET} (or {@code set_config}) the client ran, or the StartupMessage; when the recording holds
 * neither, the value came from the role, the database or the server's configuration.
 */
final class Settings {

    /**
     * A setting found in the recording.
     *
     * @param frame the frame that carries it (the Query, the Parse of the statement run, or the StartupMessage)
     * @param value the value as written ({@code '200ms'}, {@code 200}; "" for RESET/DEFAULT)
     * @param how   {@code SET}, {@code SET LOCAL}, {@code set_config}, {@code RESET}, {@code startup parameter},
     *              {@code startup options}
     */
    record Setting(long frame, String value, String how) {
        /** The value in words: "200ms", or "its default (RESET)". */
        String shown() {
            return value.isEmpty() ? "the default (" + how + ")" : value.matches("\\d+") ? value + " ms" : value;
        }
    }

    private Settings() {
    }

    private record Index(int connection, String name) {
    }

    /** The last successful setting of {@code name} before frame {@code before}, if the recording shows one. */
    static Optional<Setting> before(SessionFacts session, Conversation c, String name, long before) {
        List<Setting> all = session.memo(new Index(c.connectionId(), name), () -> every(c, name));
        Setting found = null;
        for (Setting x : all) { // in frame order; the startup's first
            if (x.frame() < before) {
                found = x;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every successful setting of {@code name} on the connection, in frame order (the StartupMessage's first). */
    private static List<Setting> every(Conversation c, String name) {
        List<Setting> out = new ArrayList<>();
        startup(c, name).ifPresent(out::add);
        Pattern set = Pattern.compile("(?i)\\b(?:SET\\s+(SESSION\\s+|LOCAL\\s+)?" + name
                + "\\s*(?:=|TO)\\s*('(?:[^']|'')*'|[^;\\s]+)|RESET\\s+" + name
                + "\\b|set_config\\s*\\(\\s*'" + name + "'\\s*,\\s*'((?:[^']|'')*)')");
        for (Request r : c.requests()) {
            if (!(r.message() instanceof Query || r.message() instanceof Execute) || r.status() != Request.Status.DONE) {
                continue;
            }
            String sql = SqlText.of(c, r);
            if (!sql.toLowerCase(Locale.ROOT).contains(name)) {
                continue; // most requests do not mention the setting: skip the regular expression
            }
            Matcher m = set.matcher(sql);
            while (m.find()) {
                long frame = SqlText.textFrame(c, r);
                if (m.group(2) != null) {
                    String v = unquote(m.group(2));
                    boolean local = m.group(1) != null && m.group(1).trim().equalsIgnoreCase("LOCAL");
                    out.add(v.equalsIgnoreCase("DEFAULT") ? new Setting(frame, "", "SET " + name + " TO DEFAULT")
                            : new Setting(frame, v, local ? "SET LOCAL" : "SET"));
                } else if (m.group(3) != null) {
                    out.add(new Setting(frame, m.group(3).replace("''", "'"), "set_config"));
                } else {
                    out.add(new Setting(frame, "", "RESET " + name));
                }
            }
        }
        return out;
    }

    private static Optional<Setting> startup(Conversation c, String name) {
        if (c.startupSeq() < 0) {
            return Optional.empty();
        }
        String direct = c.startupParameters().get(name);
        if (direct != null) {
            return Optional.of(new Setting(c.startupSeq(), direct, "startup parameter"));
        }
        String options = c.startupParameters().getOrDefault("options", "");
        Matcher m = Pattern.compile("(?:-c\\s*|--)" + name + "=(\\S+)").matcher(options);
        String v = null;
        while (m.find()) {
            v = m.group(1);
        }
        return v == null ? Optional.empty() : Optional.of(new Setting(c.startupSeq(), v, "startup options"));
    }

    private static String unquote(String v) {
        return v.startsWith("'") && v.endsWith("'") && v.length() >= 2 ? v.substring(1, v.length() - 1).replace("''", "'") : v;
    }

    /** A time setting in milliseconds (a bare number is milliseconds, as for every *_timeout); -1 when unreadable. */
    static long millis(String value) {
        Matcher m = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|min|h|d)?\\s*").matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double factor = switch (unit) {
            case "us" -> 0.001;
            case "s" -> 1000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 1;
        };
        return Math.round(n * factor);
    }

    /** The sentence that says where a setting came from. */
    static String origin(String name, Optional<Setting> s) {
        if (s.isEmpty()) {
            return "This recording never sets " + name + ", so it came from a default: the role's or the database's "
                    + "(ALTER ROLE/DATABASE ... SET " + name + "), or the server's configuration (postgresql.conf).";
        }
        Setting x = s.get();
        return switch (x.how()) {
            case "startup parameter", "startup options" -> "The client set " + name + " = " + x.shown() + " in its StartupMessage (#"
                    + x.frame() + (x.how().equals("startup options") ? ", options parameter, as PGOPTIONS does" : "") + ").";
            default -> x.value().isEmpty() ? "The client reset " + name + " to its default at #" + x.frame() + " (" + x.how() + ")."
                    : "The client set " + name + " = " + x.shown() + " at #" + x.frame()
                    + (x.how().equals("SET LOCAL") ? " (SET LOCAL: for that transaction)" : "") + ".";
        };
    }
}
