package dev.pgwb.protocol.client;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server version, as a scenario asks for it ({@code # requires: PostgreSQL 18}) and as
 * the server states it in its {@code server_version} ParameterStatus ({@code 18.1},
 * {@code 15.17 (Debian 15.17-1.pgdg120+1)}, {@code 19devel}, {@code 9.6.24}). From 10 on the first
 * number is the major version and the second the minor release; before 10 the first two numbers
 * together were the major version (9.6), and they are kept as major and minor here too, so the
 * order is right across both schemes.
 *
 * @param major the major version (9 for 9.6)
 * @param minor the minor release from 10 on (0 when not given), the second part of the major version before 10
 * @param text  the version as written, e.g. {@code 18} or {@code 15.17}
 */
public record ServerVersion(int major, int minor, String text) implements Comparable<ServerVersion> {

    private static final Pattern LEADING = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
    private static final Pattern REQUIREMENT = Pattern.compile("(?i)\\s*PostgreSQL\\s+(\\d+(?:\\.\\d+)?)\\b.*");

    /** The version at the start of {@code text} (a {@code server_version} value), or empty when it starts with no number. */
    public static Optional<ServerVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LEADING.matcher(text.strip());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        try {
            int major = Integer.parseInt(m.group(1));
            int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            return Optional.of(new ServerVersion(major, minor, m.group()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits beyond an int: not a version
        }
    }

    /** The version a {@code requires:} line names ({@code PostgreSQL 18}, {@code PostgreSQL 17.2}), or empty. */
    public static Optional<ServerVersion> parseRequirement(String requires) {
        if (requires == null) {
            return Optional.empty();
        }
        Matcher m = REQUIREMENT.matcher(requires);
        return m.matches() ? parse(m.group(1)) : Optional.empty();
    }

    public boolean isOlderThan(ServerVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ServerVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return text;
    }
}
