package dev.pgwb.app.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The files a session can be written as: by the window's File → Export and {@code pgwb convert}. */
public enum ExportFormat {
    /** A session file, as the relay records it. */
    PGWB("pgwb", List.of("pgwb")),
    /** A capture Wireshark, tshark and tcpdump read: each connection a TCP stream. */
    PCAPNG("pcapng", List.of("pcapng")),
    /** {@code pgwb decode --format json}: one JSON object per message, then per connection. */
    JSONL("jsonl", List.of("jsonl", "json", "ndjson")),
    /** {@code pgwb decode}'s readable trace: one line per message and its field tree. */
    TEXT("txt", List.of("txt", "text", "log")),
    /** A composer script ({@code pgwb run}) that sends one connection's frontend messages again. */
    PGWS("pgws", List.of("pgws"));

    private final String extension;
    private final List<String> extensions;

    ExportFormat(String extension, List<String> extensions) {
        this.extension = extension;
        this.extensions = extensions;
    }

    /** The extension a new file of this format gets, without the dot. */
    public String extension() {
        return extension;
    }

    /** Every extension taken for this format. */
    public List<String> extensions() {
        return extensions;
    }

    /** The format a file name asks for by its extension, if any. */
    public static Optional<ExportFormat> byName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1);
        for (ExportFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format named by {@code --to} (its name or one of its extensions). */
    public static Optional<ExportFormat> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(n) || f.extensions.contains(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
