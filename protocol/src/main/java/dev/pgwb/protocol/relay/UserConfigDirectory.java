package dev.pgwb.protocol.relay;

import java.nio.file.Path;
import java.util.Locale;

/** Where PG Wire Workbench keeps per-user files (the workbench CA, settings). */
public final class UserConfigDirectory {
    private UserConfigDirectory() {
    }

    /**
     * {@code $PGWB_CONFIG_DIR} if set; else the platform's convention: {@code $XDG_CONFIG_HOME/pgwb}
     * or {@code ~/.config/pgwb} on Linux, {@code ~/Library/Application Support/pgwb} on macOS,
     * {@code %APPDATA%\pgwb} on Windows.
     */
    public static Path get() {
        String override = System.getenv("PGWB_CONFIG_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "pgwb");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "pgwb");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "pgwb") : Path.of(home, ".config", "pgwb");
    }
}
