package dev.pgwb.app.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.swing.UIManager;

/** FlatLaf light and dark, the system's choice where it can be read, and the UI font size. */
public final class Themes {
    public static final int MIN_FONT = 9;
    public static final int MAX_FONT = 28;
    private static Integer defaultFontSize;

    private Themes() {
    }

    /** Installs the theme ({@code light}, {@code dark}, {@code system}) and font size (0: default), updating open windows. */
    public static void apply(String theme, int fontSize) {
        boolean dark = switch (theme == null ? "system" : theme) {
            case "dark" -> true;
            case "light" -> false;
            default -> systemPrefersDark();
        };
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
        Font base = UIManager.getFont("defaultFont");
        if (defaultFontSize == null && base != null) {
            defaultFontSize = base.getSize();
        }
        if (base != null) {
            int size = fontSize > 0 ? fontSize : defaultFontSize;
            UIManager.put("defaultFont", base.deriveFont((float) size));
        }
        UIManager.put("pgwb.hexHighlight", dark ? new Color(0x6b5a1e) : new Color(0xffe082));
        UIManager.put("pgwb.errorRow", dark ? new Color(0x4a2326) : new Color(0xfde7e7));
        UIManager.put("pgwb.problemRow", dark ? new Color(0x4a3b1f) : new Color(0xfff3d6));
        UIManager.put("Table.showVerticalLines", false);
        UIManager.put("Component.focusWidth", 1);
        FlatLaf.updateUI();
    }

    public static boolean isDark() {
        return FlatLaf.isLafDark();
    }

    public static int defaultFontSize() {
        return defaultFontSize != null ? defaultFontSize : 13;
    }

    public static int currentFontSize() {
        Font f = UIManager.getFont("defaultFont");
        return f != null ? f.getSize() : defaultFontSize();
    }

    /**
     * Whether the desktop asks for dark applications: GNOME's color-scheme, macOS's
     * AppleInterfaceStyle, Windows' AppsUseLightTheme. False when it cannot tell.
     */
    static boolean systemPrefersDark() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return run("defaults", "read", "-g", "AppleInterfaceStyle").toLowerCase(Locale.ROOT).contains("dark");
        }
        if (os.contains("win")) {
            return run("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v", "AppsUseLightTheme").contains("0x0");
        }
        return run("gsettings", "get", "org.gnome.desktop.interface", "color-scheme").contains("dark")
                || run("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme").toLowerCase(Locale.ROOT).contains("dark");
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
