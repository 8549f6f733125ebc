package dev.pgwb.app.ui;

import java.awt.datatransfer.DataFlavor;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.TransferHandler;

/**
 * Files dropped anywhere on the window are opened. Installed on the components that have a
 * transfer handler of their own (tables, trees, text), delegating copying to their original one.
 */
final class FileDropHandler extends TransferHandler {
    private final Consumer<Path> open;
    private final TransferHandler delegate;

    private FileDropHandler(Consumer<Path> open, TransferHandler delegate) {
        this.open = open;
        this.delegate = delegate;
    }

    static void install(JFrame frame, Consumer<Path> open, JComponent... components) {
        frame.getRootPane().setTransferHandler(new FileDropHandler(open, null));
        for (JComponent c : components) {
            c.setTransferHandler(new FileDropHandler(open, c.getTransferHandler()));
        }
    }

    @Override
    public boolean canImport(TransferSupport support) {
        return support.isDataFlavorSupported(DataFlavor.javaFileListFlavor);
    }

    @Override
    public boolean importData(TransferSupport support) {
        if (!canImport(support)) {
            return false;
        }
        try {
            @SuppressWarnings("unchecked")
            List<File> files = (List<File>) support.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
            if (files.isEmpty()) {
                return false;
            }
            open.accept(files.get(0).toPath());
            return true;
        } catch (java.awt.datatransfer.UnsupportedFlavorException | java.io.IOException e) {
            return false;
        }
    }

    @Override
    public int getSourceActions(JComponent c) {
        return delegate != null ? COPY : NONE;
    }

    @Override
    public void exportToClipboard(JComponent comp, java.awt.datatransfer.Clipboard clip, int action) {
        if (delegate != null) {
            delegate.exportToClipboard(comp, clip, action);
        }
    }
}
