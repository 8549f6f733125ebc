package dev.pgwb.protocol.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The password file as libpq reads it: lines {@code hostname:port:database:username:password},
 * {@code *} matching anything, {@code \:} and {@code \\} escapes, first match wins. Like libpq on
 * Unix, a file that group or others may read is ignored.
 */
public final class PgPass {
    private PgPass() {
    }

    /**
     * The password for this login, if the file has one. {@code host} is the host as given; a Unix
     * socket directory is matched as {@code localhost}, as libpq does for the default socket.
     */
    public static Optional<String> lookup(Path file, String host, int port, String database, String user) {
        if (file == null || !Files.isRegularFile(file) || !privateEnough(file)) {
            return Optional.empty();
        }
        String h = host.startsWith("/") ? "localhost" : host;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() < 5) {
                    continue;
                }
                if (matches(f.get(0), h) && matches(f.get(1), Integer.toString(port)) && matches(f.get(2), database)
                        && matches(f.get(3), user)) {
                    return Optional.of(f.get(4));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean privateEnough(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return !(p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
                    || p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE));
        } catch (UnsupportedOperationException | IOException e) {
            return true; // not a POSIX file system (Windows): libpq does not check there either
        }
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** Splits on unescaped colons; the last field (the password) takes the rest of the line. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
