package dev.pgwb.app.ui;

import dev.pgwb.protocol.relay.UserConfigDirectory;
import java.nio.file.Path;
import javax.swing.SwingUtilities;

/** Starts the window: settings, language, theme, then the {@link MainWindow} on the EDT. */
public final class Workbench {
    private Workbench() {
    }

    /** The settings directory: {@code -Dpgwb.configDir}, else the user's config directory. */
    public static Path configDirectory() {
        String d = System.getProperty("pgwb.configDir");
        return d != null && !d.isBlank() ? Path.of(d) : UserConfigDirectory.get();
    }

    /** Builds the window on the EDT (not yet visible); for {@code main} and the GUI tests. */
    public static MainWindow create(Path configDirectory) {
        SettingsStore store = new SettingsStore(configDirectory);
        Settings settings = store.load();
        Texts.use(Texts.localeFor(settings.language));
        if (!"system".equals(settings.language)) {
            java.util.Locale.setDefault(Texts.locale()); // the file chooser and dialogs follow the chosen language too
        }
        Themes.apply(settings.theme, settings.fontSize);
        return new MainWindow(settings, store);
    }

    public static void open() {
        System.setProperty("flatlaf.uiScale.allowScaleDown", "true");
        SwingUtilities.invokeLater(() -> {
            MainWindow w = create(configDirectory());
            w.onClosed(() -> System.exit(0));
            w.setVisible(true);
        });
    }
}
