package dev.pgwb.app.ui;

import java.awt.Component;
import java.io.File;
import java.nio.file.Path;
import javax.swing.JFileChooser;
import javax.swing.filechooser.FileNameExtensionFilter;

/** The one "save as" question of the workbench: a file chooser for one kind of file. */
public final class SaveDialog {
    private SaveDialog() {
    }

    /**
     * Asks where to save; the chosen name gets {@code .extension} when it has none.
     *
     * @param directory where the chooser starts, or null for the user's default
     * @return the file, or null when the user cancelled
     */
    public static Path choose(Component parent, File directory, String filterText, String extension, String suggestedName) {
        JFileChooser fc = new JFileChooser(directory);
        fc.setFileFilter(new FileNameExtensionFilter(filterText, extension));
        fc.setSelectedFile(new File(suggestedName));
        if (fc.showSaveDialog(parent) != JFileChooser.APPROVE_OPTION) {
            return null;
        }
        Path p = fc.getSelectedFile().toPath();
        return p.getFileName().toString().contains(".") ? p : p.resolveSibling(p.getFileName() + "." + extension);
    }
}
