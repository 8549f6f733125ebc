package dev.pgwb.app.ui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@link Settings} as {@code settings.json} in a directory (the user's config directory). */
public final class SettingsStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public SettingsStore(Path directory) {
        this.file = directory.resolve("settings.json");
    }

    public Path file() {
        return file;
    }

    /** The saved settings; defaults when there are none or the file cannot be read (it is rewritten on save). */
    public Settings load() {
        if (!Files.isRegularFile(file)) {
            return new Settings();
        }
        try {
            Settings s = JSON.readValue(file.toFile(), Settings.class);
            return s != null ? s : new Settings();
        } catch (IOException e) {
            System.err.println("pgwb: ignoring unreadable settings " + file + ": " + e.getMessage());
            return new Settings();
        }
    }

    /** Writes atomically (a temporary file moved into place), so a crash never leaves half a file. */
    public void save(Settings settings) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("settings.json.tmp");
            JSON.writeValue(tmp.toFile(), settings);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("pgwb: cannot save settings to " + file + ": " + e.getMessage());
        }
    }
}
