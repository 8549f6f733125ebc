package dev.pgwb.app.ui;

import dev.pgwb.app.export.ExportFormat;
import dev.pgwb.app.ui.analysis.AnalysisInspector;
import dev.pgwb.app.ui.analysis.MessageInspector;
import dev.pgwb.app.ui.composer.Composers;
import dev.pgwb.app.ui.connections.ConnectionList;
import dev.pgwb.app.ui.relay.RelayPanel;
import dev.pgwb.app.ui.sequence.SequenceView;
import dev.pgwb.app.ui.timeline.FilterBar;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.app.ui.timeline.TimelineTable;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Frame;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.swing.Action;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JScrollPane;
import javax.swing.JTabbedPane;
import javax.swing.JToolBar;
import javax.swing.Timer;

/**
 * The workbench window: relays and connections in a column on the left, beside the
 * {@link SessionView} (timeline and sequence diagram, the selected message's hex dump, field tree
 * and analysis below), and a status line for long tasks. One session is shown at a time: the live
 * one (what relays and the sandbox record) or a session file opened from disk.
 */
public final class MainWindow extends JFrame implements RelayPanel.Host {
    private static final String CARD_START = "start";
    private static final String CARD_SESSION = "session";

    private final Settings settings;
    private final SettingsStore settingsStore;
    private final Background background = new Background();
    private final ActionRegistry actions = new ActionRegistry();
    private final ConnectionList connections = new ConnectionList();
    private final RelayPanel relayPanel;
    private final JTabbedPane leftTabs = new JTabbedPane();
    private final SessionView view;
    private final CardLayout cards = new CardLayout();
    private final JPanel center = new JPanel(cards);
    private final StatusBar status = new StatusBar();
    private final SessionFiles files;
    private final JMenu recentMenu = new JMenu();
    private final Timer refresher;
    private final Composers composers;
    private Runnable onClosed = () -> { };

    /** Created on first use by a relay starting in the background, read on the EDT. */
    private volatile SessionStore liveStore;

    // EDT-confined
    private SessionStore shown;
    /** Sessions imported from a capture: the capture they came from, and what the import noted. */
    private final Map<SessionStore, Path> importedFrom = new WeakHashMap<>();
    private final Map<SessionStore, List<String>> importNotes = new WeakHashMap<>();
    /** The timeline indexing a session just opened, shown in the status line until it has caught up. */
    private RunningTask loading;

    public MainWindow(Settings settings, SettingsStore settingsStore) {
        super(Texts.get("app.title"));
        this.settings = settings;
        this.settingsStore = settingsStore;
        setName("pgwbMainWindow");
        setDefaultCloseOperation(DO_NOTHING_ON_CLOSE);
        registerActions();
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
        files = new SessionFiles(this, background, status, settings, new SessionFiles.Host() {
            @Override
            public void opened(SessionFiles.Opened session) {
                MainWindow.this.opened(session);
            }

            @Override
            public void remember(Path file) {
                MainWindow.this.remember(file);
            }

            @Override
            public String displayName(SessionStore store) {
                return MainWindow.this.displayName(store);
            }

            @Override
            public void showError(String message) {
                MainWindow.this.showError(message);
            }
        });

        JScrollPane relayScroll = new JScrollPane(relayPanel, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED,
                JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        relayScroll.setBorder(null);
        JPanel connectionsPanel = new JPanel(new BorderLayout());
        connectionsPanel.add(new JScrollPane(connections), BorderLayout.CENTER);
        leftTabs.setName("leftTabs");
        leftTabs.addTab(Texts.get("tab.capture"), relayScroll);
        leftTabs.addTab(Texts.get("connections.title"), connectionsPanel);
        // Wireshark's arrangement: list on top (beside the capture controls), bytes and fields below at full width
        view = SessionView.forWorkbench(actions, leftTabs);
        view.timelineModel().setRelativeTime(settings.relativeTime);
        actions.get(ActionId.RELATIVE_TIME).putValue(Action.SELECTED_KEY, settings.relativeTime);
        view.setTimelineMenu(timelineMenu());
        center.add(new StartPage(actions), CARD_START);
        center.add(view, CARD_SESSION);

        setJMenuBar(menuBar());
        getContentPane().add(toolBar(), BorderLayout.NORTH);
        getContentPane().add(center, BorderLayout.CENTER);
        getContentPane().add(status, BorderLayout.SOUTH);
        actions.bindShortcuts(getRootPane());
        FileDropHandler.install(this, this::open, view.timeline(), view.details().hex(), view.details().fields(), center, connections);

        connections.onSelected(view::pickConnection);
        view.timelineModel().onProgress(n -> updateStatus());
        status.onIdle(this::updateStatus);
        refresher = new Timer(400, e -> {
            if (shown != null) {
                connections.refresh(shown, view.timelineModel().index());
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
        restoreBounds();
        cards.show(center, CARD_START);
        updateEnabled();
    }

    // ------------------------------------------------------------------ actions, menus, toolbar

    private void registerActions() {
        actions.register(ActionId.OPEN, e -> files.chooseAndOpen());
        actions.register(ActionId.SAVE_AS, e -> files.chooseAndSave(shown));
        actions.register(ActionId.EXPORT, e -> files.chooseAndExport(shown, () -> scriptConnection(shown)));
        actions.register(ActionId.CLOSE_SESSION, e -> show(null));
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
            view.filterBar().field().requestFocusInWindow();
            view.filterBar().field().selectAll();
        });
        actions.register(ActionId.ERRORS_ONLY, e -> view.filterBar().togglesChanged()).putValue(Action.SELECTED_KEY, false);
        actions.register(ActionId.HIDE_DATAROW, e -> view.filterBar().togglesChanged()).putValue(Action.SELECTED_KEY, false);
        actions.register(ActionId.RELATIVE_TIME, e -> {
            settings.relativeTime = Boolean.TRUE.equals(actions.get(ActionId.RELATIVE_TIME).getValue(Action.SELECTED_KEY));
            view.timelineModel().setRelativeTime(settings.relativeTime);
        }).putValue(Action.SELECTED_KEY, false);
        actions.register(ActionId.SEQUENCE_VIEW, e -> showSequence());
        actions.register(ActionId.SEQUENCE_PRESENT, e -> {
            if (shown != null) {
                showSequence();
                view.sequence().setPresentation(true);
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
        JMenu file = menu("menu.file", ActionId.OPEN);
        recentMenu.setText(Texts.get("menu.recent"));
        recentMenu.setName("menu.recent");
        file.add(recentMenu);
        rebuildRecent();
        add(file, ActionId.SAVE_AS, ActionId.EXPORT, ActionId.CLOSE_SESSION, null, ActionId.START_PAGE, null, ActionId.EXIT);
        bar.add(file);
        bar.add(menu("menu.edit", ActionId.COPY_HEX, ActionId.COPY_ESCAPED, ActionId.COPY_SCRIPT, null, ActionId.FOCUS_FILTER));
        bar.add(menu("menu.capture", ActionId.NEW_RELAY, ActionId.EXPORT_CA, null, ActionId.SANDBOX_START, ActionId.SANDBOX_DEMO,
                ActionId.SANDBOX_STOP));
        bar.add(menu("menu.composer", ActionId.NEW_COMPOSER, ActionId.OPEN_SCENARIO, null, ActionId.SEND_TO_COMPOSER,
                ActionId.SEND_TO_NEW_COMPOSER));

        JMenu view = menu("menu.view");
        view.add(actions.checkItem(ActionId.ERRORS_ONLY));
        view.add(actions.checkItem(ActionId.HIDE_DATAROW));
        view.add(actions.checkItem(ActionId.RELATIVE_TIME));
        add(view, null, ActionId.SEQUENCE_VIEW, ActionId.SEQUENCE_PRESENT, null);
        view.add(choice("menu.theme", id -> ("theme_" + settings.theme).equalsIgnoreCase(id.name()),
                ActionId.THEME_LIGHT, ActionId.THEME_DARK, ActionId.THEME_SYSTEM));
        view.add(menu("menu.font", ActionId.FONT_BIGGER, ActionId.FONT_SMALLER, ActionId.FONT_RESET));
        view.add(choice("menu.language", id -> (id == ActionId.LANGUAGE_EN ? "en" : id == ActionId.LANGUAGE_ZH ? "zh-CN" : "system")
                .equals(settings.language), ActionId.LANGUAGE_SYSTEM, ActionId.LANGUAGE_EN, ActionId.LANGUAGE_ZH));
        bar.add(view);

        bar.add(menu("menu.help", ActionId.FILTER_HELP, ActionId.ABOUT));
        return bar;
    }

    /** A menu named {@code key} with the items of these actions, in order; {@code null} is a separator. */
    private JMenu menu(String key, ActionId... items) {
        JMenu m = new JMenu(Texts.get(key));
        m.setName(key);
        add(m, items);
        return m;
    }

    private void add(JMenu m, ActionId... items) {
        for (ActionId id : items) {
            if (id == null) {
                m.addSeparator();
            } else {
                m.add(actions.menuItem(id));
            }
        }
    }

    /** A menu of radio items, one of them chosen: the one {@code selected} says is in force. */
    private JMenu choice(String key, java.util.function.Predicate<ActionId> selected, ActionId... items) {
        JMenu m = menu(key);
        ButtonGroup group = new ButtonGroup();
        for (ActionId id : items) {
            JRadioButtonMenuItem item = new JRadioButtonMenuItem(actions.get(id));
            item.setName("menu." + id.name());
            item.setSelected(selected.test(id));
            group.add(item);
            m.add(item);
        }
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
        status.say(message);
        JOptionPane.showMessageDialog(this, new JLabel("<html><body style='width:380px'>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</body></html>"),
                Texts.get("error.title"), JOptionPane.ERROR_MESSAGE);
    }

    /** Shows {@code store} in the session view (closing a previously shown file, never the live session). */
    public void show(SessionStore store) {
        SessionStore old = shown;
        shown = store;
        if (loading != null) {
            RunningTask l = loading;
            loading = null;
            l.end(); // another session: the one being indexed is no longer shown
        }
        view.show(store);
        connections.refresh(store, view.timelineModel().index());
        connections.selectAll();
        if (old != null && old != liveStore && old != store) {
            SessionFiles.closeQuietly(old); // after the view let go of it
        }
        setTitle(Texts.get("app.title") + (store == null ? "" : " — " + displayName(store)));
        cards.show(center, store == null ? CARD_START : CARD_SESSION);
        updateEnabled();
        updateStatus();
    }

    /** A session file or capture was read: shown, then followed in the status line while the timeline indexes it. */
    private void opened(SessionFiles.Opened o) {
        SessionStore store = o.store();
        remember(o.file());
        if (o.capture()) {
            importedFrom.put(store, o.file());
            importNotes.put(store, o.notes());
        }
        store.recoveryNote().ifPresent(status::say);
        show(store);
        leftTabs.setSelectedIndex(1);
        loading = status.follow(Texts.get("status.loading", o.file().getFileName()), store.frameCount(),
                () -> view.timelineModel().index() == null ? 0 : view.timelineModel().index().count(), () -> {
                    show(null);
                    status.outcome(Texts.get("status.cancelled"), null);
                });
    }

    /** {@code file} goes first in File → Recent. */
    private void remember(Path file) {
        Settings.remember(settings.recentFiles, file.toAbsolutePath().toString());
        settingsChanged();
        rebuildRecent();
    }

    public SessionStore shownSession() {
        return shown;
    }

    private void updateStatus() {
        if (shown == null) {
            return;
        }
        long indexed = view.timelineModel().index() == null ? 0 : view.timelineModel().index().count();
        List<String> notes = importNotes.getOrDefault(shown, List.of());
        status.idle(Texts.get("status.session", displayName(shown),
                shown.frameCount(), view.timeline().getRowCount(), shown.connections().size())
                + (indexed < shown.frameCount() ? "  " + Texts.get("status.indexing", indexed) : "")
                + (notes.isEmpty() ? "" : "  " + Texts.get("status.importNotes", notes.size())), notes);
    }

    /** What the title and status bar call a session: "live", its file, or the capture it was imported from. */
    private String displayName(SessionStore store) {
        if (store == liveStore) {
            return Texts.get("session.live");
        }
        Path from = importedFrom.get(store);
        return String.valueOf((from != null ? from : store.path()).getFileName());
    }

    /**
     * Opens a session file or imports a capture in the background, then follows the timeline
     * indexing it (progress by frames); both can be cancelled from the status line.
     */
    public void open(Path file) {
        files.open(file);
    }

    /** Writes the shown session to {@code target} in the background (a copy of its file); cancelling removes the partial file. */
    public void save(Path target) {
        files.save(shown, target);
    }

    /**
     * Writes the shown session to {@code target} as {@code format} in the background. A script takes
     * the connection of the selected message (or the one selected in the Connections tab, or the only one).
     */
    public void export(Path target, ExportFormat format) {
        if (shown != null) {
            files.export(shown, target, format, scriptConnection(shown));
        }
    }

    /** The connection a script is made of: the selected message's, else the Connections tab's, else the only one. */
    private int scriptConnection(SessionStore store) {
        int f = view.timeline().selectedFrame();
        if (f >= 0 && f < store.frameCount()) {
            return store.connectionIdOf(f);
        }
        ConnectionList.Entry e = connections.getSelectedValue();
        if (e != null && e.id() > 0) {
            return e.id();
        }
        return store.connections().size() == 1 ? 1 : 0;
    }

    /** True while a long task (open, import, save, export) is under way in the status line. */
    public boolean busy() {
        return status.busy();
    }

    // ------------------------------------------------------------------ sequence diagram, copy, composer

    private void showSequence() {
        cards.show(center, CARD_SESSION);
        view.showSequence();
    }

    private void copy(int how) {
        DetailsPane details = view.details();
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
        status.say(Texts.get("status.copied", text.length() > 80 ? text.substring(0, 80) + "…" : text));
    }

    /** The timeline's context menu: copy, and send the selected client messages to a composer. */
    private JPopupMenu timelineMenu() {
        JPopupMenu menu = new JPopupMenu();
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
        for (int f : view.timeline().selectedFrames()) {
            RecordedFrame rf = shown.frame(f);
            if (rf.frame().direction() == dev.pgwb.protocol.wire.Direction.FRONTEND) {
                messages.add(new Composers.Outgoing(view.timelineModel().decoded(f).message(), rf.frame().bytes(), rf.connectionId()));
            }
        }
        int n = composers.send(messages, newComposer);
        status.say(n == 0 ? Texts.get("status.nothingToCompose") : Texts.get("status.sentToComposer", n));
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
        view.sideSplit().setDividerLocation(settings.connectionsDivider > 0 ? settings.connectionsDivider : 330);
        if (settings.detailsDivider > 0) {
            view.detailsSplit().setDividerLocation(settings.detailsDivider);
        } else {
            view.detailsSplit().setDividerLocation(0.58);
        }
        DetailsPane details = view.details();
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
        settings.connectionsDivider = view.sideSplit().getDividerLocation();
        settings.detailsDivider = view.detailsSplit().getDividerLocation();
        settings.hexDivider = view.details().split().getDividerLocation();
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
        SessionStore last = shown;
        view.close();
        if (last != null && last != liveStore) {
            SessionFiles.closeQuietly(last);
        }
        if (liveStore != null) {
            SessionFiles.closeQuietly(liveStore);
        }
        refresher.stop();
        background.shutdown();
        dispose();
        onClosed.run();
    }

    // ------------------------------------------------------------------ for tests and inspectors

    public ActionRegistry actions() {
        return actions;
    }

    /** The session view: timeline, filter, details, analysis and sequence diagram of the shown session. */
    public SessionView sessionView() {
        return view;
    }

    public AnalysisInspector analysis() {
        return view.analysis();
    }

    public DetailsPane details() {
        return view.details();
    }

    public TimelineTable timeline() {
        return view.timeline();
    }

    public TimelineModel timelineModel() {
        return view.timelineModel();
    }

    public SequenceView sequence() {
        return view.sequence();
    }

    public FilterBar filterBar() {
        return view.filterBar();
    }

    /** Shows the left column's tab: 0 relay and sandbox, 1 connections. */
    public void showLeftTab(int index) {
        leftTabs.setSelectedIndex(index);
    }

    public RelayPanel relayPanel() {
        return relayPanel;
    }

    /** Plugs an analysis inspector in beside the field tree. */
    public void addInspector(MessageInspector inspector) {
        view.addInspector(inspector);
    }
}
