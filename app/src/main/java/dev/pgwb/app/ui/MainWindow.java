package dev.pgwb.app.ui;

import dev.pgwb.app.ui.analysis.AnalysisInspector;
import dev.pgwb.app.ui.analysis.MessageInspector;
import dev.pgwb.app.ui.composer.Composers;
import dev.pgwb.app.ui.connections.ConnectionList;
import dev.pgwb.app.ui.relay.RelayPanel;
import dev.pgwb.app.ui.sequence.SequenceView;
import dev.pgwb.app.ui.timeline.FilterBar;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.app.ui.timeline.TimelineTable;
import dev.pgwb.app.export.ExportFormat;
import dev.pgwb.app.export.SessionExport;
import dev.pgwb.protocol.capture.CaptureImport;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Frame;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.Action;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JToolBar;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.filechooser.FileNameExtensionFilter;
import net.miginfocom.swing.MigLayout;

/**
 * The workbench window: relays and connections on the left, the timeline with its filter in the
 * middle, the selected message's hex dump and field tree below. One session is shown at a time:
 * the live one (what relays and the sandbox record) or a session file opened from disk.
 */
public final class MainWindow extends JFrame implements RelayPanel.Host {
    private static final String CARD_START = "start";
    private static final String CARD_SESSION = "session";

    private final Settings settings;
    private final SettingsStore settingsStore;
    private final Background background = new Background();
    private final ActionRegistry actions = new ActionRegistry();
    private final TimelineModel model = new TimelineModel();
    private final TimelineTable table;
    private final FilterBar filterBar;
    private final DetailsPane details = new DetailsPane();
    private final ConnectionList connections = new ConnectionList();
    private final RelayPanel relayPanel;
    private final CardLayout cards = new CardLayout();
    private final JPanel center = new JPanel(cards);
    private final JLabel statusText = new JLabel(" ");
    private final JProgressBar progress = new JProgressBar();
    private final JButton cancelLoad = new JButton();
    private final javax.swing.JTabbedPane leftTabs = new javax.swing.JTabbedPane();
    /** The timeline and, beside it, the sequence diagram of one connection. */
    private final javax.swing.JTabbedPane centerTabs = new javax.swing.JTabbedPane();
    private final SequenceView sequence = new SequenceView();
    private final JSplitPane mainSplit;
    private final JSplitPane detailSplit;
    private final JMenu recentMenu = new JMenu();
    private SessionStore liveStore;
    /** How the last long task ended, kept on the status bar a few seconds though the refresh timer runs. */
    private String outcome;
    private long outcomeAt;
    private static final long OUTCOME_NANOS = 8_000_000_000L;
    /** Sessions imported from a capture: the capture they came from, and what the import noted. */
    private final java.util.Map<SessionStore, Path> importedFrom = new java.util.WeakHashMap<>();
    private final java.util.Map<SessionStore, List<String>> importNotes = new java.util.WeakHashMap<>();
    private SessionStore shown;
    private Runnable cancelCurrent;
    private final Timer refresher;
    private Runnable onClosed = () -> { };
    private Composers composers;
    private final AnalysisInspector analysis = new AnalysisInspector(f -> {
        var ix = model.index();
        return ix == null || f >= ix.count() ? "" : ix.typeName(f);
    });

    public MainWindow(Settings settings, SettingsStore settingsStore) {
        super(Texts.get("app.title"));
        this.settings = settings;
        this.settingsStore = settingsStore;
        setName("pgwbMainWindow");
        setDefaultCloseOperation(DO_NOTHING_ON_CLOSE);
        registerActions();
        table = new TimelineTable(model);
        filterBar = new FilterBar(actions);
        relayPanel = new RelayPanel(this);
        composers = new Composers(new Composers.Host() {
            @Override
            public Background background() {
                return background;
            }

            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public void settingsChanged() {
                MainWindow.this.settingsChanged();
            }

            @Override
            public Frame frame() {
                return MainWindow.this;
            }
        }, relayPanel::relays);
        model.setRelativeTime(settings.relativeTime);
        actions.get(ActionId.RELATIVE_TIME).putValue(Action.SELECTED_KEY, settings.relativeTime);

        JPanel timelinePanel = new JPanel(new BorderLayout());
        timelinePanel.add(filterBar, BorderLayout.NORTH);
        timelinePanel.add(table.inScrollPane(), BorderLayout.CENTER);

        JScrollPane relayScroll = new JScrollPane(relayPanel, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED,
                JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        relayScroll.setBorder(null);
        JPanel connectionsPanel = new JPanel(new BorderLayout());
        connectionsPanel.add(new JScrollPane(connections), BorderLayout.CENTER);
        leftTabs.setName("leftTabs");
        leftTabs.addTab(Texts.get("tab.capture"), relayScroll);
        leftTabs.addTab(Texts.get("connections.title"), connectionsPanel);
        // Wireshark's arrangement: list on top (beside the capture controls), bytes and fields below at full width
        centerTabs.setName("centerTabs");
        centerTabs.addTab(Texts.get("tab.timeline"), timelinePanel);
        centerTabs.addTab(Texts.get("tab.sequence"), sequence);
        centerTabs.addChangeListener(e -> syncSequence());
        sequence.onFrameSelected(f -> table.selectFrame((int) f));
        mainSplit = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, leftTabs, centerTabs);
        mainSplit.setName("mainSplit");
        detailSplit = new JSplitPane(JSplitPane.VERTICAL_SPLIT, mainSplit, details);
        detailSplit.setName("detailSplit");
        detailSplit.setResizeWeight(0.6);
        center.add(new StartPage(actions), CARD_START);
        center.add(detailSplit, CARD_SESSION);

        JPanel status = new JPanel(new MigLayout("insets 2 8 2 8, fillx", "[grow,fill][200!][]", "[]"));
        statusText.setName("statusText");
        progress.setName("loadProgress");
        cancelLoad.setName("loadCancel");
        cancelLoad.setText(Texts.get("status.cancel"));
        cancelLoad.addActionListener(e -> {
            if (cancelCurrent != null) {
                cancelCurrent.run();
            }
        });
        status.add(statusText, "wmin 0");
        status.add(progress);
        status.add(cancelLoad);
        showProgress(false);

        setJMenuBar(menuBar());
        getContentPane().add(toolBar(), BorderLayout.NORTH);
        getContentPane().add(center, BorderLayout.CENTER);
        getContentPane().add(status, BorderLayout.SOUTH);
        actions.bindShortcuts(getRootPane());
        FileDropHandler.install(this, this::open, table, details.hex(), details.fields(), center, connections);

        table.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showSelection();
            }
        });
        table.setComponentPopupMenu(timelineMenu());
        table.addMouseListener(new java.awt.event.MouseAdapter() {
            @Override
            public void mousePressed(java.awt.event.MouseEvent e) {
                // a right click outside the selection selects the row under it, as file managers do
                int r = table.rowAtPoint(e.getPoint());
                if (SwingUtilities.isRightMouseButton(e) && r >= 0 && !table.isRowSelected(r)) {
                    table.setRowSelectionInterval(r, r);
                }
            }
        });
        filterBar.onChange(model::setFilter);
        connections.onSelected(id -> {
            filterBar.setConnection(id);
            if (id > 0 && sequenceShown()) {
                sequence.show(shown, id);
            }
        });
        model.onProgress(n -> updateStatus());
        refresher = new Timer(400, e -> {
            if (shown != null) {
                connections.refresh(shown, model.index());
                leftTabs.setTitleAt(1, Texts.get("connections.titleCount", shown.connections().size()));
                updateStatus();
            }
        });
        refresher.start();

        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                exit();
            }
        });
        addInspector(analysis);
        restoreBounds();
        cards.show(center, CARD_START);
        updateEnabled();
    }

    // ------------------------------------------------------------------ actions, menus, toolbar

    private void registerActions() {
        actions.register(ActionId.OPEN, e -> chooseAndOpen());
        actions.register(ActionId.SAVE_AS, e -> chooseAndSave());
        actions.register(ActionId.EXPORT, e -> chooseAndExport());
        actions.register(ActionId.CLOSE_SESSION, e -> closeShown());
        actions.register(ActionId.EXIT, e -> exit());
        actions.register(ActionId.START_PAGE, e -> cards.show(center, CARD_START));
        actions.register(ActionId.NEW_RELAY, e -> {
            cards.show(center, CARD_SESSION);
            leftTabs.setSelectedIndex(0);
            relayPanel.focusUpstream();
        });
        actions.register(ActionId.SANDBOX_START, e -> {
            cards.show(center, CARD_SESSION);
            leftTabs.setSelectedIndex(0);
            relayPanel.startSandbox();
        });
        actions.register(ActionId.SANDBOX_STOP, e -> relayPanel.stopSandbox());
        actions.register(ActionId.SANDBOX_DEMO, e -> relayPanel.runDemo());
        actions.register(ActionId.EXPORT_CA, e -> {
            cards.show(center, CARD_SESSION);
            ((JButton) find(relayPanel, "exportCa")).doClick();
        });
        actions.register(ActionId.OPEN_SCENARIO, e -> composers.openScenarios());
        actions.register(ActionId.NEW_COMPOSER, e -> composers.openNew());
        actions.register(ActionId.SEND_TO_COMPOSER, e -> sendToComposer(false));
        actions.register(ActionId.SEND_TO_NEW_COMPOSER, e -> sendToComposer(true));
        actions.register(ActionId.FOCUS_FILTER, e -> {
            cards.show(center, CARD_SESSION);
            filterBar.field().requestFocusInWindow();
            filterBar.field().selectAll();
        });
        actions.register(ActionId.ERRORS_ONLY, e -> filterBar.togglesChanged()).putValue(Action.SELECTED_KEY, false);
        actions.register(ActionId.HIDE_DATAROW, e -> filterBar.togglesChanged()).putValue(Action.SELECTED_KEY, false);
        actions.register(ActionId.RELATIVE_TIME, e -> {
            settings.relativeTime = Boolean.TRUE.equals(actions.get(ActionId.RELATIVE_TIME).getValue(Action.SELECTED_KEY));
            model.setRelativeTime(settings.relativeTime);
        }).putValue(Action.SELECTED_KEY, false);
        actions.register(ActionId.SEQUENCE_VIEW, e -> showSequence());
        actions.register(ActionId.SEQUENCE_PRESENT, e -> {
            if (shown != null) {
                showSequence();
                sequence.setPresentation(true);
            }
        });
        actions.register(ActionId.COPY_HEX, e -> copy(0));
        actions.register(ActionId.COPY_ESCAPED, e -> copy(1));
        actions.register(ActionId.COPY_SCRIPT, e -> copy(2));
        actions.register(ActionId.THEME_LIGHT, e -> setTheme("light"));
        actions.register(ActionId.THEME_DARK, e -> setTheme("dark"));
        actions.register(ActionId.THEME_SYSTEM, e -> setTheme("system"));
        actions.register(ActionId.FONT_BIGGER, e -> setFontSize(Themes.currentFontSize() + 1));
        actions.register(ActionId.FONT_SMALLER, e -> setFontSize(Themes.currentFontSize() - 1));
        actions.register(ActionId.FONT_RESET, e -> setFontSize(0));
        actions.register(ActionId.LANGUAGE_SYSTEM, e -> setLanguage("system"));
        actions.register(ActionId.LANGUAGE_EN, e -> setLanguage("en"));
        actions.register(ActionId.LANGUAGE_ZH, e -> setLanguage("zh-CN"));
        actions.register(ActionId.FILTER_HELP, e -> JOptionPane.showMessageDialog(this,
                new JLabel("<html>" + Texts.get("filter.help") + "</html>"), Texts.get("action.filter_help"),
                JOptionPane.INFORMATION_MESSAGE));
        actions.register(ActionId.ABOUT, e -> JOptionPane.showMessageDialog(this,
                new JLabel("<html>" + Texts.get("about.text", getClass().getPackage().getImplementationVersion() == null
                        ? "dev" : getClass().getPackage().getImplementationVersion()) + "</html>"),
                Texts.get("action.about"), JOptionPane.INFORMATION_MESSAGE));
    }

    private JMenuBar menuBar() {
        JMenuBar bar = new JMenuBar();
        JMenu file = menu("menu.file");
        file.add(actions.menuItem(ActionId.OPEN));
        recentMenu.setText(Texts.get("menu.recent"));
        recentMenu.setName("menu.recent");
        file.add(recentMenu);
        rebuildRecent();
        file.add(actions.menuItem(ActionId.SAVE_AS));
        file.add(actions.menuItem(ActionId.EXPORT));
        file.add(actions.menuItem(ActionId.CLOSE_SESSION));
        file.addSeparator();
        file.add(actions.menuItem(ActionId.START_PAGE));
        file.addSeparator();
        file.add(actions.menuItem(ActionId.EXIT));
        bar.add(file);

        JMenu edit = menu("menu.edit");
        edit.add(actions.menuItem(ActionId.COPY_HEX));
        edit.add(actions.menuItem(ActionId.COPY_ESCAPED));
        edit.add(actions.menuItem(ActionId.COPY_SCRIPT));
        edit.addSeparator();
        edit.add(actions.menuItem(ActionId.FOCUS_FILTER));
        bar.add(edit);

        JMenu capture = menu("menu.capture");
        capture.add(actions.menuItem(ActionId.NEW_RELAY));
        capture.add(actions.menuItem(ActionId.EXPORT_CA));
        capture.addSeparator();
        capture.add(actions.menuItem(ActionId.SANDBOX_START));
        capture.add(actions.menuItem(ActionId.SANDBOX_DEMO));
        capture.add(actions.menuItem(ActionId.SANDBOX_STOP));
        bar.add(capture);

        JMenu compose = menu("menu.composer");
        compose.add(actions.menuItem(ActionId.NEW_COMPOSER));
        compose.add(actions.menuItem(ActionId.OPEN_SCENARIO));
        compose.addSeparator();
        compose.add(actions.menuItem(ActionId.SEND_TO_COMPOSER));
        compose.add(actions.menuItem(ActionId.SEND_TO_NEW_COMPOSER));
        bar.add(compose);

        JMenu view = menu("menu.view");
        view.add(actions.checkItem(ActionId.ERRORS_ONLY));
        view.add(actions.checkItem(ActionId.HIDE_DATAROW));
        view.add(actions.checkItem(ActionId.RELATIVE_TIME));
        view.addSeparator();
        view.add(actions.menuItem(ActionId.SEQUENCE_VIEW));
        view.add(actions.menuItem(ActionId.SEQUENCE_PRESENT));
        view.addSeparator();
        JMenu theme = menu("menu.theme");
        ButtonGroup themes = new ButtonGroup();
        for (ActionId id : List.of(ActionId.THEME_LIGHT, ActionId.THEME_DARK, ActionId.THEME_SYSTEM)) {
            JRadioButtonMenuItem item = new JRadioButtonMenuItem(actions.get(id));
            item.setName("menu." + id.name());
            item.setSelected(("theme_" + settings.theme).equalsIgnoreCase(id.name()));
            themes.add(item);
            theme.add(item);
        }
        view.add(theme);
        JMenu font = menu("menu.font");
        font.add(actions.menuItem(ActionId.FONT_BIGGER));
        font.add(actions.menuItem(ActionId.FONT_SMALLER));
        font.add(actions.menuItem(ActionId.FONT_RESET));
        view.add(font);
        JMenu language = menu("menu.language");
        ButtonGroup languages = new ButtonGroup();
        for (ActionId id : List.of(ActionId.LANGUAGE_SYSTEM, ActionId.LANGUAGE_EN, ActionId.LANGUAGE_ZH)) {
            JRadioButtonMenuItem item = new JRadioButtonMenuItem(actions.get(id));
            item.setName("menu." + id.name());
            String tag = id == ActionId.LANGUAGE_EN ? "en" : id == ActionId.LANGUAGE_ZH ? "zh-CN" : "system";
            item.setSelected(tag.equals(settings.language));
            languages.add(item);
            language.add(item);
        }
        view.add(language);
        bar.add(view);

        JMenu help = menu("menu.help");
        help.add(actions.menuItem(ActionId.FILTER_HELP));
        help.add(actions.menuItem(ActionId.ABOUT));
        bar.add(help);
        return bar;
    }

    private static JMenu menu(String key) {
        JMenu m = new JMenu(Texts.get(key));
        m.setName(key);
        return m;
    }

    private JToolBar toolBar() {
        JToolBar tb = new JToolBar();
        tb.setName("toolbar");
        tb.setFloatable(false);
        tb.add(actions.button(ActionId.OPEN));
        tb.add(actions.button(ActionId.SAVE_AS));
        tb.addSeparator();
        tb.add(actions.button(ActionId.NEW_RELAY));
        tb.add(actions.button(ActionId.SANDBOX_START));
        tb.add(actions.button(ActionId.NEW_COMPOSER));
        tb.addSeparator();
        tb.add(actions.toggle(ActionId.RELATIVE_TIME));
        tb.add(javax.swing.Box.createHorizontalGlue());
        JButton themeButton = new JButton(Texts.get("toolbar.theme"));
        themeButton.setName("button.THEME_TOGGLE");
        themeButton.setFocusable(false);
        themeButton.addActionListener(e -> setTheme(Themes.isDark() ? "light" : "dark"));
        tb.add(themeButton);
        return tb;
    }

    private void rebuildRecent() {
        recentMenu.removeAll();
        for (String f : settings.recentFiles) {
            javax.swing.JMenuItem item = new javax.swing.JMenuItem(f);
            item.addActionListener(e -> open(Path.of(f)));
            recentMenu.add(item);
        }
        recentMenu.setEnabled(!settings.recentFiles.isEmpty());
    }

    private void updateEnabled() {
        actions.setEnabled(ActionId.SAVE_AS, shown != null);
        actions.setEnabled(ActionId.SEND_TO_COMPOSER, shown != null);
        actions.setEnabled(ActionId.SEND_TO_NEW_COMPOSER, shown != null);
        actions.setEnabled(ActionId.EXPORT, shown != null);
        actions.setEnabled(ActionId.CLOSE_SESSION, shown != null && shown != liveStore);
    }

    private static java.awt.Component find(java.awt.Container c, String name) {
        for (java.awt.Component k : c.getComponents()) {
            if (name.equals(k.getName())) {
                return k;
            }
            if (k instanceof java.awt.Container cc) {
                java.awt.Component f = find(cc, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public synchronized SessionStore liveStore() throws IOException {
        if (liveStore == null) {
            liveStore = SessionStore.createTemporary();
        }
        return liveStore;
    }

    @Override
    public void showLive() {
        try {
            SessionStore live = liveStore();
            if (shown != live) {
                show(live);
            }
            cards.show(center, CARD_SESSION);
        } catch (IOException e) {
            showError(e.getMessage());
        }
    }

    @Override
    public Background background() {
        return background;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    /** Saves the settings now (recent files and relay targets survive a crash). */
    @Override
    public void settingsChanged() {
        settingsStore.save(settings);
    }

    @Override
    public void showError(String message) {
        statusText.setText(message);
        JOptionPane.showMessageDialog(this, new JLabel("<html><body style='width:380px'>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</body></html>"),
                Texts.get("error.title"), JOptionPane.ERROR_MESSAGE);
    }

    /** Shows {@code store} in the timeline (closing a previously shown file, never the live session). */
    public void show(SessionStore store) {
        if (shown != null && shown != liveStore && shown != store) {
            try {
                shown.close();
            } catch (IOException e) {
                // it was only read
            }
        }
        shown = store;
        table.clearSelection();
        details.show(null, null);
        model.show(store);
        model.setFilter(filterBar.effective());
        connections.refresh(store, model.index());
        connections.selectAll();
        for (MessageInspector i : details.inspectors()) {
            i.sessionChanged(store, navigator());
        }
        sequence.close(); // built again for the new session when its tab is shown
        syncSequence();
        setTitle(Texts.get("app.title") + (store == null ? "" : " — " + displayName(store)));
        cards.show(center, store == null ? CARD_START : CARD_SESSION);
        updateEnabled();
        updateStatus();
    }

    public SessionStore shownSession() {
        return shown;
    }

    private void updateStatus() {
        if (shown == null || cancelCurrent != null) {
            return;
        }
        if (outcome != null && System.nanoTime() - outcomeAt < OUTCOME_NANOS) {
            return; // "Saved to ...", "Exported ...": left to be read before the counts come back
        }
        outcome = null;
        long indexed = model.index() == null ? 0 : model.index().count();
        List<String> notes = importNotes.getOrDefault(shown, List.of());
        statusText.setToolTipText(notes.isEmpty() ? null : "<html>" + String.join("<br>", notes.stream()
                .map(n -> n.replace("&", "&amp;").replace("<", "&lt;")).toList()) + "</html>");
        statusText.setText(Texts.get("status.session", displayName(shown),
                shown.frameCount(), table.getRowCount(), shown.connections().size())
                + (indexed < shown.frameCount() ? "  " + Texts.get("status.indexing", indexed) : "")
                + (notes.isEmpty() ? "" : "  " + Texts.get("status.importNotes", notes.size())));
    }

    /** What the title and status bar call a session: "live", its file, or the capture it was imported from. */
    private String displayName(SessionStore store) {
        if (store == liveStore) {
            return Texts.get("session.live");
        }
        Path from = importedFrom.get(store);
        return String.valueOf((from != null ? from : store.path()).getFileName());
    }

    private void chooseAndOpen() {
        JFileChooser fc = new JFileChooser(settings.recentFiles.isEmpty() ? null : new File(settings.recentFiles.get(0)).getParentFile());
        FileNameExtensionFilter all = new FileNameExtensionFilter(Texts.get("file.filterOpen"), "pgwb", "pcap", "pcapng", "cap");
        fc.addChoosableFileFilter(all);
        fc.addChoosableFileFilter(new FileNameExtensionFilter(Texts.get("file.filter"), "pgwb"));
        fc.addChoosableFileFilter(new FileNameExtensionFilter(Texts.get("file.filterCapture"), "pcap", "pcapng", "cap"));
        fc.setFileFilter(all);
        if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            open(fc.getSelectedFile().toPath());
        }
    }

    /**
     * Opens a session file in the background: the store reads its index (indeterminate progress),
     * then the timeline indexes every frame (progress by frames); both can be cancelled.
     */
    public void open(Path file) {
        if (cancelCurrent != null) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            showError(Texts.get("file.missing", file));
            return;
        }
        boolean capture = !SessionStore.looksLikeSession(file) && CaptureImport.looksLikeCapture(file);
        if (!capture && !SessionStore.looksLikeSession(file)) {
            showError(Texts.get("file.notSession", file));
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        // a capture's import says how far it has read (in thousandths of the file) and stops when cancelled
        startProgress(Texts.get(capture ? "status.importing" : "status.opening", file.getFileName()), capture ? 1000 : -1,
                () -> cancelled.set(true));
        background.run(() -> capture ? importCapture(file, cancelled) : SessionStore.open(file), store -> {
            if (cancelled.get()) {
                closeQuietly(store);
                endProgress(Texts.get("status.cancelled"));
                return;
            }
            Settings.remember(settings.recentFiles, file.toAbsolutePath().toString());
            settingsChanged();
            rebuildRecent();
            if (capture) {
                importedFrom.put(store, file);
            }
            store.recoveryNote().ifPresent(n -> statusText.setText(n));
            show(store);
            leftTabs.setSelectedIndex(1);
            long total = store.frameCount();
            startProgress(Texts.get("status.loading", file.getFileName()), total, () -> {
                show(null);
                endProgress(Texts.get("status.cancelled"));
            });
            Timer watch = new Timer(100, null);
            watch.addActionListener(ev -> {
                if (shown != store || cancelCurrent == null) {
                    watch.stop();
                    return;
                }
                long n = model.index() == null ? 0 : model.index().count();
                progress.setValue((int) Math.min(Integer.MAX_VALUE, n));
                if (n >= total) {
                    watch.stop();
                    endProgress(null);
                }
            });
            watch.start();
        }, e -> {
            if (cancelled.get()) {
                endProgress(Texts.get("status.cancelled"));
                return;
            }
            endProgress(null);
            showError(Texts.get("file.openFailed", file, e.getMessage()));
        });
    }

    /** A capture read into a temporary session (deleted when another is shown), with progress; stops when cancelled. */
    private SessionStore importCapture(Path file, AtomicBoolean cancelled) throws IOException {
        SessionStore store = SessionStore.createTemporary();
        try {
            CaptureImport.Result r = CaptureImport.importInto(file, store, CaptureImport.Options.defaults(), (read, size) -> {
                int permille = size <= 0 ? 0 : (int) Math.min(1000, read * 1000 / size);
                SwingUtilities.invokeLater(() -> {
                    if (cancelCurrent != null && !progress.isIndeterminate()) {
                        progress.setValue(permille);
                    }
                });
                return !cancelled.get();
            });
            if (r.connections() == 0) {
                throw new IOException(Texts.get("file.noPostgres", r.packets()));
            }
            importNotes.put(store, r.notes());
            return store;
        } catch (IOException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    private void chooseAndSave() {
        if (shown == null) {
            return;
        }
        Path p = SaveDialog.choose(this, null, Texts.get("file.filter"), "pgwb", "session.pgwb");
        if (p != null) {
            save(p);
        }
    }

    /**
     * Writes the shown session to {@code target}: a copy of its file up to the last whole record,
     * in the background with progress; cancelling removes the partial file.
     */
    public void save(Path target) {
        SessionStore store = shown;
        if (store == null || cancelCurrent != null) {
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        try {
            store.flush();
        } catch (IOException e) {
            showError(e.getMessage());
            return;
        }
        long size;
        try {
            size = Files.size(store.path());
        } catch (IOException e) {
            showError(e.getMessage());
            return;
        }
        startProgress(Texts.get("status.saving", target.getFileName()), size, () -> cancelled.set(true));
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        background.run(() -> {
            try (InputStream in = Files.newInputStream(store.path()); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                while (done < size) {
                    if (cancelled.get()) {
                        throw new java.util.concurrent.CancellationException();
                    }
                    int n = in.read(buf, 0, (int) Math.min(buf.length, size - done));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    done += n;
                    long d = done;
                    SwingUtilities.invokeLater(() -> progress.setValue((int) Math.min(Integer.MAX_VALUE, d)));
                }
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        }, p -> {
            Settings.remember(settings.recentFiles, p.toAbsolutePath().toString());
            settingsChanged();
            rebuildRecent();
            endProgress(Texts.get("status.saved", p));
        }, e -> endProgress(e instanceof java.util.concurrent.CancellationException ? Texts.get("status.cancelled")
                : Texts.get("file.saveFailed", target, e.getMessage())));
    }

    /** File → Export…: a chooser with one filter per format; the filter chosen (or the name's extension) says which. */
    private void chooseAndExport() {
        if (shown == null || cancelCurrent != null) {
            return;
        }
        JFileChooser fc = new JFileChooser(settings.recentFiles.isEmpty() ? null : new File(settings.recentFiles.get(0)).getParentFile());
        fc.setName("exportChooser");
        fc.setAcceptAllFileFilterUsed(false);
        java.util.Map<javax.swing.filechooser.FileFilter, ExportFormat> formats = new java.util.LinkedHashMap<>();
        for (ExportFormat f : List.of(ExportFormat.PCAPNG, ExportFormat.JSONL, ExportFormat.TEXT, ExportFormat.PGWS, ExportFormat.PGWB)) {
            FileNameExtensionFilter filter = new FileNameExtensionFilter(Texts.get("export.filter." + f.name().toLowerCase(java.util.Locale.ROOT)),
                    f.extensions().toArray(String[]::new));
            formats.put(filter, f);
            fc.addChoosableFileFilter(filter);
        }
        fc.setFileFilter(formats.keySet().iterator().next());
        String base = displayName(shown).replaceFirst("\\.[^.]*$", "");
        fc.setSelectedFile(new File(base + "." + ExportFormat.PCAPNG.extension()));
        fc.addPropertyChangeListener(JFileChooser.FILE_FILTER_CHANGED_PROPERTY, ev -> {
            ExportFormat f = formats.get(fc.getFileFilter());
            if (f != null) {
                fc.setSelectedFile(new File(base + "." + f.extension()));
            }
        });
        if (fc.showDialog(this, Texts.get("export.button")) != JFileChooser.APPROVE_OPTION) {
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
        if (Files.exists(p) && JOptionPane.showConfirmDialog(this, Texts.get("export.replace", p.getFileName()),
                Texts.get("action.export"), JOptionPane.OK_CANCEL_OPTION) != JOptionPane.OK_OPTION) {
            return;
        }
        export(p, chosen);
    }

    /**
     * Writes the shown session to {@code target} as {@code format} in the background, with progress
     * by frames and cancel (which leaves no file). A script takes the connection of the selected
     * message (or the one selected in the Connections tab, or the only one).
     */
    public void export(Path target, ExportFormat format) {
        SessionStore store = shown;
        if (store == null || cancelCurrent != null) {
            return;
        }
        java.util.Set<Integer> only = java.util.Set.of();
        if (format == ExportFormat.PGWS) {
            int conn = scriptConnection(store);
            if (conn <= 0) {
                showError(Texts.get("export.pickConnection"));
                return;
            }
            only = java.util.Set.of(conn);
        }
        try {
            store.flush();
        } catch (IOException e) {
            showError(e.getMessage());
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        long total = store.frameCount();
        startProgress(Texts.get("status.exporting", target.getFileName()), Math.max(1, total), () -> cancelled.set(true));
        SessionExport.Options options = SessionExport.Options.defaults().withConnections(only);
        background.run(() -> SessionExport.write(store, format, target, options,
                done -> SwingUtilities.invokeLater(() -> progress.setValue((int) Math.min(Integer.MAX_VALUE, done))),
                cancelled::get), r -> {
            endProgress(Texts.get("status.exported", r.connections(), r.frames(), target));
            statusText.setToolTipText(r.notes().isEmpty() ? null : "<html>" + String.join("<br>", r.notes().stream()
                    .map(n -> n.replace("&", "&amp;").replace("<", "&lt;")).toList()) + "</html>");
        }, e -> {
            if (e instanceof java.util.concurrent.CancellationException) {
                endProgress(Texts.get("status.cancelled"));
            } else {
                endProgress(null);
                showError(Texts.get("export.failed", target, e.getMessage()));
            }
        });
    }

    /** The connection a script is made of: the selected message's, else the Connections tab's, else the only one. */
    private int scriptConnection(SessionStore store) {
        int f = table.selectedFrame();
        if (f >= 0 && f < store.frameCount()) {
            return store.connectionIdOf(f);
        }
        ConnectionList.Entry e = connections.getSelectedValue();
        if (e != null && e.id() > 0) {
            return e.id();
        }
        return store.connections().size() == 1 ? 1 : 0;
    }

    private void closeShown() {
        show(null);
    }

    private static void closeQuietly(SessionStore s) {
        try {
            s.close();
        } catch (IOException e) {
            // read-only
        }
    }

    private void startProgress(String text, long total, Runnable cancel) {
        cancelCurrent = cancel;
        outcome = null;
        statusText.setText(text);
        progress.setIndeterminate(total < 0);
        progress.setMaximum((int) Math.max(1, Math.min(Integer.MAX_VALUE, total)));
        progress.setValue(0);
        showProgress(true);
    }

    private void endProgress(String text) {
        cancelCurrent = null;
        showProgress(false);
        if (text != null) {
            statusText.setText(text);
            outcome = text;
            outcomeAt = System.nanoTime();
        } else {
            updateStatus();
        }
    }

    private void showProgress(boolean on) {
        progress.setVisible(on);
        cancelLoad.setVisible(on);
    }

    public boolean busy() {
        return cancelCurrent != null;
    }

    // ------------------------------------------------------------------ selection, copy

    private void showSelection() {
        int f = table.selectedFrame();
        if (f < 0 || shown == null) {
            details.show(null, null);
            return;
        }
        RecordedFrame rf = shown.frame(f);
        Decoded d = model.decoded(f);
        details.show(rf, d);
        if (sequenceShown()) {
            sequence.selectFrame(f);
        }
    }

    // ------------------------------------------------------------------ sequence diagram

    private boolean sequenceShown() {
        return centerTabs.getSelectedComponent() == sequence;
    }

    private void showSequence() {
        cards.show(center, CARD_SESSION);
        centerTabs.setSelectedComponent(sequence);
        sequence.diagram().requestFocusInWindow();
    }

    /**
     * Brings the sequence diagram up to date when it is shown: the session, the connection of the
     * selected message (else the one picked in the connection list, else the first), that message
     * highlighted. Nothing is read for it while its tab is hidden.
     */
    private void syncSequence() {
        if (!sequenceShown() || shown == null) {
            return;
        }
        int f = table.selectedFrame();
        int conn;
        if (f >= 0) {
            conn = shown.connectionIdOf(f);
        } else if (connections.getSelectedValue() != null && connections.getSelectedValue().id() > 0) {
            conn = connections.getSelectedValue().id();
        } else {
            List<dev.pgwb.protocol.session.ConnectionInfo> all = shown.connections();
            conn = sequence.model() != null && sequence.model().store() == shown ? sequence.model().connectionId()
                    : all.isEmpty() ? 0 : all.get(0).id();
        }
        sequence.show(shown, conn);
        if (f >= 0) {
            sequence.selectFrame(f);
        }
    }

    private void copy(int how) {
        int[] range = details.copyRange();
        if (range == null) {
            return;
        }
        byte[] b = details.frame().frame().bytes();
        String text = switch (how) {
            case 0 -> CopyFormats.hex(b, range[0], range[1]);
            case 1 -> CopyFormats.escaped(b, range[0], range[1]);
            default -> dev.pgwb.protocol.client.ScriptWriter.line(details.decoded().message(), b);
        };
        Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(text), null);
        statusText.setText(Texts.get("status.copied", text.length() > 80 ? text.substring(0, 80) + "…" : text));
    }

    /** The timeline's context menu: copy, and send the selected client messages to a composer. */
    private javax.swing.JPopupMenu timelineMenu() {
        javax.swing.JPopupMenu menu = new javax.swing.JPopupMenu();
        menu.setName("timelineMenu");
        menu.add(actions.menuItem(ActionId.COPY_HEX));
        menu.add(actions.menuItem(ActionId.COPY_ESCAPED));
        menu.add(actions.menuItem(ActionId.COPY_SCRIPT));
        menu.addSeparator();
        menu.add(actions.menuItem(ActionId.SEND_TO_COMPOSER));
        menu.add(actions.menuItem(ActionId.SEND_TO_NEW_COMPOSER));
        return menu;
    }

    /** The selected frontend messages become script lines in a composer (the last used one, or a new one). */
    private void sendToComposer(boolean newComposer) {
        if (shown == null) {
            return;
        }
        List<Composers.Outgoing> messages = new java.util.ArrayList<>();
        for (int f : table.selectedFrames()) {
            RecordedFrame rf = shown.frame(f);
            if (rf.frame().direction() == dev.pgwb.protocol.wire.Direction.FRONTEND) {
                messages.add(new Composers.Outgoing(model.decoded(f).message(), rf.frame().bytes(), rf.connectionId()));
            }
        }
        int n = composers.send(messages, newComposer);
        statusText.setText(n == 0 ? Texts.get("status.nothingToCompose") : Texts.get("status.sentToComposer", n));
    }

    public Composers composers() {
        return composers;
    }

    // ------------------------------------------------------------------ look, settings, exit

    private void setTheme(String theme) {
        settings.theme = theme;
        Themes.apply(theme, settings.fontSize);
        settingsStore.save(settings);
    }

    private void setFontSize(int size) {
        settings.fontSize = size == 0 ? 0 : Math.max(Themes.MIN_FONT, Math.min(Themes.MAX_FONT, size));
        Themes.apply(settings.theme, settings.fontSize);
        settingsStore.save(settings);
    }

    private void setLanguage(String language) {
        settings.language = language;
        settingsStore.save(settings);
        JOptionPane.showMessageDialog(this, Texts.get("language.restart"), Texts.get("menu.language"), JOptionPane.INFORMATION_MESSAGE);
    }

    private void restoreBounds() {
        if (settings.window != null && settings.window.width() > 200 && settings.window.height() > 150) {
            setBounds(settings.window.x(), settings.window.y(), settings.window.width(), settings.window.height());
        } else {
            setSize(1280, 820);
            setLocationRelativeTo(null);
        }
        if (settings.maximized) {
            setExtendedState(Frame.MAXIMIZED_BOTH);
        }
        mainSplit.setDividerLocation(settings.connectionsDivider > 0 ? settings.connectionsDivider : 330);
        if (settings.detailsDivider > 0) {
            detailSplit.setDividerLocation(settings.detailsDivider);
        } else {
            detailSplit.setDividerLocation(0.58);
        }
        if (settings.hexDivider > 0) {
            details.split().setDividerLocation(settings.hexDivider);
        } else {
            // the hex dump gets what its 16 columns need, the field tree the rest
            details.split().setDividerLocation(details.hex().getPreferredSize().width + 30);
        }
    }

    /** Remembers the layout in the settings object (and saves it). */
    public void saveSettings() {
        settings.maximized = (getExtendedState() & Frame.MAXIMIZED_BOTH) == Frame.MAXIMIZED_BOTH;
        if (!settings.maximized) {
            settings.window = new Settings.Bounds(getX(), getY(), getWidth(), getHeight());
        }
        settings.connectionsDivider = mainSplit.getDividerLocation();
        settings.detailsDivider = detailSplit.getDividerLocation();
        settings.hexDivider = details.split().getDividerLocation();
        settingsStore.save(settings);
    }

    /** Told once the window has closed and everything it started has stopped. */
    public void onClosed(Runnable r) {
        onClosed = r;
    }

    public void exit() {
        if (!composers.confirmCloseAll()) {
            return;
        }
        composers.closeAll();
        saveSettings();
        relayPanel.stopAll();
        model.show(null);
        if (shown != null && shown != liveStore) {
            closeQuietly(shown);
        }
        if (liveStore != null) {
            closeQuietly(liveStore);
        }
        refresher.stop();
        sequence.close();
        analysis.shutdown();
        background.shutdown();
        dispose();
        onClosed.run();
    }

    // ------------------------------------------------------------------ for tests and inspectors

    public ActionRegistry actions() {
        return actions;
    }

    public AnalysisInspector analysis() {
        return analysis;
    }

    public DetailsPane details() {
        return details;
    }

    public TimelineTable timeline() {
        return table;
    }

    public TimelineModel timelineModel() {
        return model;
    }

    public SequenceView sequence() {
        return sequence;
    }

    public FilterBar filterBar() {
        return filterBar;
    }

    /** Shows the left column's tab: 0 relay and sandbox, 1 connections. */
    public void showLeftTab(int index) {
        leftTabs.setSelectedIndex(index);
    }

    public RelayPanel relayPanel() {
        return relayPanel;
    }

    /** What inspectors may do to the timeline: select a frame, mark the frames related to the selection. */
    private MessageInspector.Navigator navigator() {
        return new MessageInspector.Navigator() {
            @Override
            public void selectFrame(long frameIndex) {
                table.selectFrame((int) frameIndex);
            }

            @Override
            public void highlightFrames(java.util.Set<Long> frameIndexes) {
                table.setRelated(frameIndexes);
            }
        };
    }

    /** Plugs an analysis inspector in beside the field tree. */
    public void addInspector(MessageInspector inspector) {
        details.addInspector(inspector);
        inspector.sessionChanged(shown, navigator());
    }
}
