package dev.pgwb.app.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the window remembers between runs, in one typed object, saved as JSON in the user's
 * config directory ({@link SettingsStore}). Public fields so Jackson reads and writes it plainly;
 * unknown fields in an older or newer file are ignored.
 */
public final class Settings {
    public static final int MAX_RECENT = 10;

    /** {@code light}, {@code dark} or {@code system}. */
    public String theme = "system";
    /** UI font size in points; 0 means the look and feel's default. */
    public int fontSize = 0;
    /** {@code system}, {@code en} or {@code zh-CN}; applied at the next start. */
    public String language = "system";
    public Bounds window = null;
    public boolean maximized = false;
    /** Divider positions: connection list | timeline, timeline / details, hex | fields. */
    public int connectionsDivider = -1;
    public int detailsDivider = -1;
    public int hexDivider = -1;
    public boolean relativeTime = false;
    public boolean startPageSeen = false;
    public List<String> recentFiles = new ArrayList<>();
    /** Upstreams the relay panel was started with, as {@code host:port}, newest first. */
    public List<String> recentUpstreams = new ArrayList<>();
    public String lastListen = "127.0.0.1:15432";
    /** Servers the composer connected to, as URIs without password, newest first. */
    public List<String> composerTargets = new ArrayList<>();

    public record Bounds(int x, int y, int width, int height) {
    }

    /** Puts {@code item} first in {@code list}, without duplicates, at most {@link #MAX_RECENT}. */
    public static void remember(List<String> list, String item) {
        list.remove(item);
        list.add(0, item);
        while (list.size() > MAX_RECENT) {
            list.remove(list.size() - 1);
        }
    }
}
