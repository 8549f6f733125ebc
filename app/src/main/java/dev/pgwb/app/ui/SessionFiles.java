package dev.pgwb.app.ui;

import dev.pgwb.app.export.ExportFormat;
import dev.pgwb.app.export.SessionExport;
import dev.pgwb.protocol.capture.CaptureImport;
import dev.pgwb.protocol.session.SessionStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JOptionPane;
import javax.swing.filechooser.FileFilter;
import javax.swing.filechooser.FileNameExtensionFilter;

/**
 * The workbench's File jobs on whole sessions — open a session file or import a capture, save a
 * copy, export — each a {@link BackgroundTask} shown in the status bar with its progress and Cancel.
 * What a job produces reaches the window on the EDT, through its {@link Host}.
 */
final class SessionFiles {
    /** What the jobs need from the window. */
    interface Host {
        /** A session was read: show it (the window owns it from now on). */
        void opened(Opened session);

        /** A file was opened or written: it goes first in File → Recent. */
        void remember(Path file);

        /** What the title and status line call a store. */
        String displayName(SessionStore store);

        void showError(String message);
    }

    /** A session read from {@code file}: a {@code .pgwb}, or a capture imported into a temporary store with the import's notes. */
    record Opened(SessionStore store, Path file, boolean capture, List<String> notes) {
    }

    private final JFrame window;
    private final Background background;
    private final StatusBar status;
    private final Settings settings;
    private final Host host;

    SessionFiles(JFrame window, Background background, StatusBar status, Settings settings, Host host) {
        this.window = window;
        this.background = background;
        this.status = status;
        this.settings = settings;
        this.host = host;
    }

    private File lastDirectory() {
        return settings.recentFiles.isEmpty() ? null : new File(settings.recentFiles.get(0)).getParentFile();
    }

    // ------------------------------------------------------------------ open

    void chooseAndOpen() {
        JFileChooser fc = new JFileChooser(lastDirectory());
        FileNameExtensionFilter all = new FileNameExtensionFilter(Texts.get("file.filterOpen"), "pgwb", "pcap", "pcapng", "cap");
        fc.addChoosableFileFilter(all);
        fc.addChoosableFileFilter(new FileNameExtensionFilter(Texts.get("file.filter"), "pgwb"));
        fc.addChoosableFileFilter(new FileNameExtensionFilter(Texts.get("file.filterCapture"), "pcap", "pcapng", "cap"));
        fc.setFileFilter(all);
        if (fc.showOpenDialog(window) == JFileChooser.APPROVE_OPTION) {
            open(fc.getSelectedFile().toPath());
        }
    }

    /**
     * Reads a session file (the store reads its index: indeterminate progress) or imports a capture
     * (progress in thousandths of the file), in the background; both can be cancelled.
     */
    void open(Path file) {
        if (status.busy()) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            host.showError(Texts.get("file.missing", file));
            return;
        }
        boolean session = SessionStore.looksLikeSession(file);
        boolean capture = !session && CaptureImport.looksLikeCapture(file);
        if (!capture && !session) {
            host.showError(Texts.get("file.notSession", file));
            return;
        }
        status.show(background.submit(BackgroundTask.<Opened>of(Texts.get(capture ? "status.importing" : "status.opening", file.getFileName()),
                        task -> capture ? importCapture(file, task) : new Opened(SessionStore.open(file), file, false, List.of()))
                .total(capture ? 1000 : -1)
                .onDone(host::opened)
                .onFailed(e -> host.showError(Texts.get("file.openFailed", file, e.getMessage())))
                .onCancelled(late -> {
                    if (late != null) {
                        closeQuietly(late.store());
                    }
                    status.outcome(Texts.get("status.cancelled"), null);
                })));
    }

    /** A capture read into a temporary session (deleted when another is shown); stops when cancelled. */
    private static Opened importCapture(Path file, RunningTask task) throws IOException {
        SessionStore store = SessionStore.createTemporary();
        try {
            CaptureImport.Result r = CaptureImport.importInto(file, store, CaptureImport.Options.defaults(), (read, size) -> {
                task.setDone(size <= 0 ? 0 : Math.min(1000, read * 1000 / size));
                return !task.isCancelled();
            });
            if (r.connections() == 0) {
                throw new IOException(Texts.get("file.noPostgres", r.packets()));
            }
            return new Opened(store, file, true, r.notes());
        } catch (IOException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    static void closeQuietly(SessionStore s) {
        try {
            s.close();
        } catch (IOException e) {
            // read-only
        }
    }

    // ------------------------------------------------------------------ save

    void chooseAndSave(SessionStore store) {
        if (store == null) {
            return;
        }
        Path p = SaveDialog.choose(window, null, Texts.get("file.filter"), "pgwb", "session.pgwb");
        if (p != null) {
            save(store, p);
        }
    }

    /**
     * Writes {@code store} to {@code target}: a copy of its file up to the last whole record, with
     * progress in bytes; cancelling removes the partial file.
     */
    void save(SessionStore store, Path target) {
        if (store == null || status.busy()) {
            return;
        }
        long size;
        try {
            store.flush();
            size = Files.size(store.path());
        } catch (IOException e) {
            host.showError(e.getMessage());
            return;
        }
        status.show(background.submit(BackgroundTask.<Path>of(Texts.get("status.saving", target.getFileName()),
                        task -> copy(store.path(), size, target, task))
                .total(size)
                .onDone(this::saved)
                .onFailed(e -> status.outcome(Texts.get("file.saveFailed", target, e.getMessage()), null))
                .onCancelled(late -> {
                    if (late != null) {
                        saved(late); // the cancel came after the last byte
                    } else {
                        status.outcome(Texts.get("status.cancelled"), null);
                    }
                })));
    }

    private void saved(Path p) {
        host.remember(p);
        status.outcome(Texts.get("status.saved", p), null);
    }

    /** The first {@code size} bytes of {@code source} into {@code target}, through a {@code .part} file. */
    private static Path copy(Path source, long size, Path target, RunningTask task) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            long done = 0;
            while (done < size) {
                task.checkCancelled();
                int n = in.read(buf, 0, (int) Math.min(buf.length, size - done));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                done += n;
                task.setDone(done);
            }
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    // ------------------------------------------------------------------ export

    /** File → Export…: a chooser with one filter per format; the filter chosen (or the name's extension) says which. */
    void chooseAndExport(SessionStore store, java.util.function.IntSupplier scriptConnection) {
        if (store == null || status.busy()) {
            return;
        }
        JFileChooser fc = new JFileChooser(lastDirectory());
        fc.setName("exportChooser");
        fc.setAcceptAllFileFilterUsed(false);
        Map<FileFilter, ExportFormat> formats = new LinkedHashMap<>();
        for (ExportFormat f : List.of(ExportFormat.PCAPNG, ExportFormat.JSONL, ExportFormat.TEXT, ExportFormat.PGWS, ExportFormat.PGWB)) {
            FileNameExtensionFilter filter = new FileNameExtensionFilter(Texts.get("export.filter." + f.name().toLowerCase(Locale.ROOT)),
                    f.extensions().toArray(String[]::new));
            formats.put(filter, f);
            fc.addChoosableFileFilter(filter);
        }
        fc.setFileFilter(formats.keySet().iterator().next());
        String base = host.displayName(store).replaceFirst("\\.[^.]*$", "");
        fc.setSelectedFile(new File(base + "." + ExportFormat.PCAPNG.extension()));
        fc.addPropertyChangeListener(JFileChooser.FILE_FILTER_CHANGED_PROPERTY, ev -> {
            ExportFormat f = formats.get(fc.getFileFilter());
            if (f != null) {
                fc.setSelectedFile(new File(base + "." + f.extension()));
            }
        });
        if (fc.showDialog(window, Texts.get("export.button")) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        ExportFormat chosen = formats.getOrDefault(fc.getFileFilter(), ExportFormat.PCAPNG);
        Path p = fc.getSelectedFile().toPath();
        ExportFormat byName = ExportFormat.byName(p).orElse(null);
        if (byName == null) {
            p = p.resolveSibling(p.getFileName() + "." + chosen.extension());
        } else {
            chosen = byName;
        }
        if (Files.exists(p) && JOptionPane.showConfirmDialog(window, Texts.get("export.replace", p.getFileName()),
                Texts.get("action.export"), JOptionPane.OK_CANCEL_OPTION) != JOptionPane.OK_OPTION) {
            return;
        }
        export(store, p, chosen, scriptConnection.getAsInt());
    }

    /**
     * Writes {@code store} to {@code target} as {@code format}, with progress by frames and cancel
     * (which leaves no file). A script takes connection {@code scriptConnection} (0: none chosen, refused).
     */
    void export(SessionStore store, Path target, ExportFormat format, int scriptConnection) {
        if (store == null || status.busy()) {
            return;
        }
        Set<Integer> only = Set.of();
        if (format == ExportFormat.PGWS) {
            if (scriptConnection <= 0) {
                host.showError(Texts.get("export.pickConnection"));
                return;
            }
            only = Set.of(scriptConnection);
        }
        try {
            store.flush();
        } catch (IOException e) {
            host.showError(e.getMessage());
            return;
        }
        SessionExport.Options options = SessionExport.Options.defaults().withConnections(only);
        status.show(background.submit(BackgroundTask.<SessionExport.Result>of(Texts.get("status.exporting", target.getFileName()),
                        task -> SessionExport.write(store, format, target, options, task::setDone, task::isCancelled))
                .total(Math.max(1, store.frameCount()))
                .onDone(r -> exported(r, target))
                .onFailed(e -> host.showError(Texts.get("export.failed", target, e.getMessage())))
                .onCancelled(late -> {
                    if (late != null) {
                        exported(late, target);
                    } else {
                        status.outcome(Texts.get("status.cancelled"), null);
                    }
                })));
    }

    private void exported(SessionExport.Result r, Path target) {
        status.outcome(Texts.get("status.exported", r.connections(), r.frames(), target), r.notes());
    }
}
