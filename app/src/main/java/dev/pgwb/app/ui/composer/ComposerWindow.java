package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.ActionId;
import dev.pgwb.app.ui.ActionRegistry;
import dev.pgwb.app.ui.DetailsPane;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.Themes;
import dev.pgwb.app.ui.analysis.AnalysisInspector;
import dev.pgwb.app.ui.analysis.MessageInspector;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.app.ui.timeline.TimelineTable;
import dev.pgwb.protocol.client.ConnectionSettings;
import dev.pgwb.protocol.client.RunMode;
import dev.pgwb.protocol.client.Scenario;
import dev.pgwb.protocol.client.Script;
import dev.pgwb.protocol.client.ScriptException;
import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.client.ScriptRunner;
import dev.pgwb.protocol.client.ServerVersion;
import dev.pgwb.protocol.client.WireClient;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Cursor;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.Action;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTextArea;
import javax.swing.JToolBar;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.filechooser.FileNameExtensionFilter;
import javax.swing.text.BadLocationException;
import net.miginfocom.swing.MigLayout;

/**
 * One composer: a connection form, the script editor beside the message builder, Run all / Step /
 * Stop, and the run's messages in the same timeline, hex dump, field tree and analysis as the main
 * window, over the run's own recording. The scenario library sits on the left; scripts open from
 * and save to {@code *.pgws} files.
 *
 * <p>Runs happen on a thread of their own (the network never touches the EDT); what they say comes
 * back with {@link SwingUtilities#invokeLater}. Step mode holds the runner before each step until
 * the next click, with that step's line highlighted in the editor.
 */
public final class ComposerWindow extends JFrame {
    /** What the composer needs from the workbench. */
    public interface Host {
        dev.pgwb.app.ui.Background background();

        dev.pgwb.app.ui.Settings settings();

        void settingsChanged();

        /** The window's running relays (for "through relay"). */
        List<dev.pgwb.protocol.relay.Relay> relays();

        /** Opens another composer. */
        void newComposer();

        /** This composer closed. */
        void closed(ComposerWindow w);
    }

    /** What the run reports on the status line. */
    public enum State { IDLE, RUNNING, PAUSED, STOPPING, PASSED, FAILED, STOPPED, NOT_APPLICABLE }

    private final Host host;
    private final int number;
    private final ActionRegistry actions = new ActionRegistry();
    private final ConnectionForm connection;
    private final ScriptEditor editor = new ScriptEditor();
    private final MessageBuilder builder;
    private final ScenarioBrowser scenarios;
    private final JLabel scenarioNote = new JLabel();
    private final TimelineModel model = new TimelineModel();
    private final TimelineTable table = new TimelineTable(model);
    private final DetailsPane details = new DetailsPane();
    private final AnalysisInspector analysis = new AnalysisInspector(f -> {
        var ix = model.index();
        return ix == null || f >= ix.count() ? "" : ix.typeName(f);
    });
    private final JTabbedPane results = new JTabbedPane();
    private final dev.pgwb.app.ui.sequence.SequenceView sequence = new dev.pgwb.app.ui.sequence.SequenceView();
    private final javax.swing.JComboBox<RunMode> mode = new javax.swing.JComboBox<>(new RunMode[] {RunMode.ALL, RunMode.WAIT});
    private final JSplitPane browserSplit;
    private final JLabel status = new JLabel(" ");
    private final JLabel counts = new JLabel(" ");
    private final javax.swing.Timer refresher;

    // EDT-confined
    private Path file;
    private String baseName;
    private String savedText = "";
    private State state = State.IDLE;
    private int statusLine;
    private int highlighted;
    private SessionStore store;
    private Run run;

    /** One run: its thread, its runner (for Stop), and the step gate. */
    private static final class Run {
        final Semaphore steps = new Semaphore(0);
        final AtomicReference<ScriptRunner> runner = new AtomicReference<>();
        volatile boolean continueAll;
        volatile boolean stopRequested;
        Thread thread;
        final RunMode mode;
        /** From the script's {@code # requires:} line; null when it runs on any server. */
        ServerVersion requiredServer;

        Run(RunMode mode) {
            this.mode = mode;
        }
    }

    public ComposerWindow(Host host, int number, List<Scenario> library) {
        super(Texts.get("composer.title", number));
        this.host = host;
        this.number = number;
        this.baseName = Texts.get("composer.untitled");
        setName("composer." + number);
        setDefaultCloseOperation(DO_NOTHING_ON_CLOSE);
        connection = new ConnectionForm(host.background(), host::relays, host.settings().composerTargets, System.getenv(),
                Path.of(System.getProperty("user.home")));
        connection.onTestPassed(this::rememberTarget);
        builder = new MessageBuilder(editor::insertLine);
        scenarios = new ScenarioBrowser(library, this::openScenario);
        registerActions();

        editor.setName("scriptEditor");
        editor.applyTheme(Themes.isDark());
        editor.addScriptListener(this::updateTitle);
        scenarioNote.setName("scenarioNote");
        scenarioNote.setVisible(false);
        scenarioNote.setBorder(javax.swing.BorderFactory.createEmptyBorder(4, 8, 4, 8));
        scenarioNote.setForeground(UIManager.getColor("Component.warning.focusedBorderColor"));
        JPanel editorPanel = new JPanel(new BorderLayout());
        editorPanel.add(scenarioNote, BorderLayout.NORTH);
        editorPanel.add(editor, BorderLayout.CENTER);
        JSplitPane editorSplit = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, editorPanel, builder);
        editorSplit.setName("editorSplit");
        editorSplit.setResizeWeight(0.62);

        details.addInspector(analysis);
        JSplitPane messages = new JSplitPane(JSplitPane.VERTICAL_SPLIT, table.inScrollPane(), details);
        messages.setName("composerMessagesSplit");
        messages.setResizeWeight(0.5);
        results.setName("composerResults");
        results.addTab(Texts.get("composer.results.messages"), messages);
        results.addTab(Texts.get("tab.sequence"), sequence);
        results.addChangeListener(e -> syncSequence());
        sequence.onFrameSelected(f -> table.selectFrame((int) f));

        JSplitPane work = new JSplitPane(JSplitPane.VERTICAL_SPLIT, editorSplit, results);
        work.setName("composerWorkSplit");
        work.setResizeWeight(0.45);
        browserSplit = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, scenarios, work);
        browserSplit.setName("composerBrowserSplit");
        browserSplit.setDividerLocation(300);

        JPanel north = new JPanel(new BorderLayout());
        north.add(toolBar(), BorderLayout.NORTH);
        north.add(connection, BorderLayout.CENTER);

        JPanel south = new JPanel(new MigLayout("insets 3 8 3 8, fillx", "[grow,fill][]", "[]"));
        status.setName("composerStatus");
        counts.setName("composerCounts");
        status.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (statusLine > 0) {
                    goToLine(statusLine);
                }
            }
        });
        south.add(status, "wmin 0");
        south.add(counts);

        getContentPane().add(north, BorderLayout.NORTH);
        getContentPane().add(browserSplit, BorderLayout.CENTER);
        getContentPane().add(south, BorderLayout.SOUTH);
        actions.bindShortcuts(getRootPane());

        table.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showSelection();
            }
        });
        refresher = new javax.swing.Timer(400, e -> updateCounts());
        refresher.start();
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                close();
            }

            @Override
            public void windowOpened(WindowEvent e) {
                // proportions once the window has its size: the script wider than the builder, the messages below
                editorSplit.setDividerLocation(0.56);
                work.setDividerLocation(0.42);
                messages.setDividerLocation(0.46);
                details.split().setDividerLocation(details.hex().getPreferredSize().width + 30);
            }
        });
        setSize(1280, 900);
        setState(State.IDLE, Texts.get("composer.status.idle"), 0);
        updateTitle();
        updateEnabled();
    }

    // ------------------------------------------------------------------ actions and toolbar

    private void registerActions() {
        actions.register(ActionId.COMPOSER_RUN, e -> runAll());
        actions.register(ActionId.COMPOSER_STEP, e -> step());
        actions.register(ActionId.COMPOSER_STOP, e -> stop());
        actions.register(ActionId.COMPOSER_OPEN, e -> chooseAndOpen());
        actions.register(ActionId.COMPOSER_SAVE, e -> save(false));
        actions.register(ActionId.COMPOSER_SAVE_AS, e -> save(true));
        actions.register(ActionId.COMPOSER_SCENARIOS, e -> toggleScenarios()).putValue(Action.SELECTED_KEY, true);
        actions.register(ActionId.COMPOSER_SAVE_RECORDING, e -> chooseAndSaveRecording());
        actions.register(ActionId.NEW_COMPOSER, e -> host.newComposer());
    }

    private JToolBar toolBar() {
        JToolBar tb = new JToolBar();
        tb.setName("composerToolbar");
        tb.setFloatable(false);
        tb.add(actions.button(ActionId.COMPOSER_RUN));
        tb.add(actions.button(ActionId.COMPOSER_STEP));
        tb.add(actions.button(ActionId.COMPOSER_STOP));
        mode.setName("composerMode");
        mode.setToolTipText(Texts.get("composer.mode.tip"));
        mode.setFocusable(false);
        mode.setRenderer(new javax.swing.DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(javax.swing.JList<?> l, Object v, int i, boolean sel, boolean f) {
                return super.getListCellRendererComponent(l, v == null ? "" : Texts.get("composer.mode." + ((RunMode) v).name().toLowerCase(java.util.Locale.ROOT)), i, sel, f);
            }
        });
        mode.setMaximumSize(mode.getPreferredSize());
        tb.add(mode);
        tb.addSeparator();
        tb.add(actions.button(ActionId.COMPOSER_OPEN));
        tb.add(actions.button(ActionId.COMPOSER_SAVE));
        tb.add(actions.button(ActionId.COMPOSER_SAVE_AS));
        tb.addSeparator();
        tb.add(actions.toggle(ActionId.COMPOSER_SCENARIOS));
        tb.addSeparator();
        tb.add(actions.button(ActionId.COMPOSER_SAVE_RECORDING));
        tb.add(javax.swing.Box.createHorizontalGlue());
        tb.add(actions.button(ActionId.NEW_COMPOSER));
        return tb;
    }

    private void toggleScenarios() {
        boolean show = Boolean.TRUE.equals(actions.get(ActionId.COMPOSER_SCENARIOS).getValue(Action.SELECTED_KEY));
        scenarios.setVisible(show);
        if (show) {
            browserSplit.setDividerLocation(300);
        }
    }

    /** Shows the scenario browser (the start page's "Open a Scenario…"). */
    public void showScenarios() {
        actions.get(ActionId.COMPOSER_SCENARIOS).putValue(Action.SELECTED_KEY, true);
        toggleScenarios();
        scenarios.scenarioList().requestFocusInWindow();
    }

    private void updateEnabled() {
        boolean busy = run != null;
        boolean paused = state == State.PAUSED;
        actions.setEnabled(ActionId.COMPOSER_RUN, !busy || paused);
        actions.setEnabled(ActionId.COMPOSER_STEP, !busy || paused);
        actions.setEnabled(ActionId.COMPOSER_STOP, busy && state != State.STOPPING);
        actions.setEnabled(ActionId.COMPOSER_OPEN, !busy);
        actions.setEnabled(ActionId.COMPOSER_SAVE_RECORDING, !busy && store != null);
        mode.setEnabled(!busy);
        editor.textArea().setEditable(!busy);
    }

    // ------------------------------------------------------------------ running

    /** Runs the whole script pipelined; while paused in step mode, runs the rest without stopping. */
    public void runAll() {
        if (run != null) {
            if (state == State.PAUSED) {
                run.continueAll = true;
                run.steps.release(Integer.MAX_VALUE / 2);
                highlight(0);
                setState(State.RUNNING, Texts.get("composer.status.running"), 0);
                updateEnabled();
            }
            return;
        }
        start((RunMode) mode.getSelectedItem());
    }

    /** One step per click: the first click starts the run and runs its first step. */
    public void step() {
        if (run != null) {
            if (state == State.PAUSED) {
                setState(State.RUNNING, Texts.get("composer.status.stepping", highlighted), 0);
                updateEnabled();
                run.steps.release();
            }
            return;
        }
        Run r = start(RunMode.STEP);
        if (r != null) {
            r.steps.release();
        }
    }

    /** Stops the run: the runner's waits end, each connection says Terminate and closes; the UI never waits. */
    public void stop() {
        Run r = run;
        if (r == null || r.stopRequested) {
            return;
        }
        r.stopRequested = true;
        setState(State.STOPPING, Texts.get("composer.status.stopping"), 0);
        updateEnabled();
        ScriptRunner runner = r.runner.get();
        if (runner != null) {
            runner.stop(); // interrupts the run's thread only while the runner runs: a step held in beforeStep too
        }
    }

    private Run start(RunMode mode) {
        Script script;
        try {
            script = ScriptParser.parse(editor.getText());
        } catch (ScriptException e) {
            setState(State.FAILED, Texts.get("composer.status.syntax", e.line(), e.column(), e.reason()), e.line());
            goToLine(e.line());
            return null;
        }
        if (script.steps().isEmpty()) {
            setState(State.IDLE, Texts.get("composer.status.empty"), 0);
            return null;
        }
        ConnectionSettings settings;
        try {
            settings = connection.settings();
        } catch (IllegalArgumentException e) {
            setState(State.FAILED, Texts.get("composer.status.badConnection", e.getMessage()), 0);
            return null;
        }
        SessionStore newStore;
        try {
            newStore = SessionStore.createTemporary();
        } catch (IOException e) {
            setState(State.FAILED, Texts.get("composer.status.noStore", e.getMessage()), 0);
            return null;
        }
        rememberTarget();
        showStore(newStore);
        Run r = new Run(mode);
        r.requiredServer = Scenario.parse("", editor.getText()).minimumServerVersion().orElse(null);
        run = r;
        highlight(0);
        setState(State.RUNNING, Texts.get(mode == RunMode.STEP ? "composer.status.startingStep" : "composer.status.running"), 0);
        updateEnabled();
        String via = connection.relay() == null ? "" : " " + Texts.get("composer.status.viaRelay");
        counts.setText(settings.address() + via);
        r.thread = Thread.ofPlatform().name("pgwb-composer-" + number).daemon().start(() -> execute(r, script, settings, newStore));
        return r;
    }

    /** The run's thread: the client records into the run's store; the runner's listener holds steps in step mode. */
    private void execute(Run r, Script script, ConnectionSettings settings, SessionStore into) {
        ScriptRunner.Result result;
        Throwable failure = null;
        try (WireClient client = new WireClient(settings, into, null, Path.of(System.getProperty("user.home")), this::askPassword)) {
            ScriptRunner runner = new ScriptRunner(client, r.mode, new ScriptRunner.Listener() {
                @Override
                public void beforeStep(Script.Step step, RunMode mode) {
                    if (mode != RunMode.STEP || r.continueAll) {
                        return;
                    }
                    if (r.stopRequested) {
                        return; // the runner stops before this step
                    }
                    // decided here, not on the EDT: whether this step waits for a click or was already clicked for
                    boolean waits = !r.steps.tryAcquire();
                    SwingUtilities.invokeLater(() -> {
                        if (run == r && !r.stopRequested && !r.continueAll) {
                            highlight(step.line());
                            if (waits) {
                                setState(State.PAUSED, Texts.get("composer.status.paused", step.line(), step.text().strip()), step.line());
                            } else {
                                setState(State.RUNNING, Texts.get("composer.status.stepping", step.line()), 0);
                            }
                            updateEnabled();
                        }
                    });
                    if (waits) {
                        try {
                            r.steps.acquire();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt(); // the runner sees its stop flag and runs nothing more
                        }
                        if (!r.continueAll && !r.stopRequested) {
                            // clicked: the line now runs; the marker moves on at the next step
                            SwingUtilities.invokeLater(() -> {
                                if (run == r && state == State.PAUSED) {
                                    setState(State.RUNNING, Texts.get("composer.status.stepping", step.line()), 0);
                                    updateEnabled();
                                }
                            });
                        }
                    }
                }
            });
            if (r.requiredServer != null) {
                runner.requireServer(r.requiredServer);
            }
            r.runner.set(runner);
            if (r.stopRequested) {
                runner.stop();
            }
            result = runner.run(script);
            Thread.interrupted();
            client.sync(10_000);
        } catch (InterruptedException e) {
            result = new ScriptRunner.Result(false, null, "stopped");
        } catch (RuntimeException e) {
            result = null;
            failure = e;
        }
        ScriptRunner.Result done = result;
        Throwable error = failure;
        SwingUtilities.invokeLater(() -> finished(r, done, error));
    }

    private void finished(Run r, ScriptRunner.Result result, Throwable error) {
        if (run != r) {
            return;
        }
        run = null;
        if (error != null) {
            highlight(0);
            setState(State.FAILED, Texts.get("composer.status.crashed", String.valueOf(error.getMessage())), 0);
        } else if (r.stopRequested || "stopped".equals(result.failure()) && !result.passed()) {
            highlight(0);
            setState(State.STOPPED, Texts.get("composer.status.stopped"), 0);
        } else if (result.notApplicable()) {
            highlight(0);
            setState(State.NOT_APPLICABLE, Texts.get("composer.status.notApplicable", String.valueOf(result.requiredServer()),
                    String.valueOf(result.server())), 0);
        } else if (result.passed()) {
            highlight(0);
            setState(State.PASSED, Texts.get("composer.status.passed", store == null ? 0 : store.frameCount(),
                    store == null ? 0 : store.connections().size()), 0);
        } else {
            int line = result.failedStep() == null ? 0 : result.failedStep().line();
            highlight(line);
            setState(State.FAILED, line > 0 ? Texts.get("composer.status.failedAt", line, result.failure())
                    : Texts.get("composer.status.failed", result.failure()), line);
        }
        updateEnabled();
        updateCounts();
        syncSequence();
    }

    /**
     * The sequence diagram, when its tab shows: the run's connection of the selected message (else
     * the first), that message marked. Nothing is read for it while the tab is hidden.
     */
    private void syncSequence() {
        if (results.getSelectedComponent() != sequence || store == null) {
            return;
        }
        int f = table.selectedFrame();
        int conn;
        if (f >= 0) {
            conn = store.connectionIdOf(f);
        } else if (sequence.model() != null && sequence.model().store() == store) {
            conn = sequence.model().connectionId();
        } else {
            List<dev.pgwb.protocol.session.ConnectionInfo> all = store.connections();
            if (all.isEmpty()) {
                return; // shown when the run's first connection opens (the run's end syncs again)
            }
            conn = all.get(0).id();
        }
        sequence.show(store, conn);
        if (f >= 0) {
            sequence.selectFrame(f);
        }
    }

    /** The server wants a password and the form has none: asked once per run, in a masked dialog. */
    private String askPassword() {
        AtomicReference<String> answer = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                JPasswordField pw = new JPasswordField(20);
                pw.setName("passwordPrompt");
                int ok = JOptionPane.showConfirmDialog(this, new Object[] {Texts.get("composer.password.prompt"), pw},
                        Texts.get("composer.password.title"), JOptionPane.OK_CANCEL_OPTION, JOptionPane.QUESTION_MESSAGE);
                answer.set(ok == JOptionPane.OK_OPTION ? new String(pw.getPassword()) : null);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            return null;
        }
        return answer.get();
    }

    private void rememberTarget() {
        String target = connection.uriWithoutPassword();
        dev.pgwb.app.ui.Settings.remember(host.settings().composerTargets, target);
        host.settingsChanged();
        connection.remembered(host.settings().composerTargets);
    }

    // ------------------------------------------------------------------ results

    /** Shows the run's recording in the timeline, details and analysis; the previous run's is closed. */
    private void showStore(SessionStore s) {
        SessionStore old = store;
        store = s;
        table.clearSelection();
        details.show(null, null);
        model.show(s);
        MessageInspector.Navigator nav = new MessageInspector.Navigator() {
            @Override
            public void selectFrame(long frameIndex) {
                table.selectFrame((int) frameIndex);
            }

            @Override
            public void highlightFrames(java.util.Set<Long> frameIndexes) {
                table.setRelated(frameIndexes);
            }
        };
        analysis.sessionChanged(s, nav);
        sequence.close(); // the new run's diagram is built when its tab shows
        if (old != null) {
            try {
                old.close();
            } catch (IOException e) {
                // a temporary recording: nothing to keep
            }
        }
    }

    private void showSelection() {
        int f = table.selectedFrame();
        if (f < 0 || store == null) {
            details.show(null, null);
            return;
        }
        RecordedFrame rf = store.frame(f);
        details.show(rf, model.decoded(f));
        syncSequence();
    }

    private void updateCounts() {
        if (store != null && run == null) {
            counts.setText(Texts.get("composer.counts", store.frameCount(), store.connections().size()));
        }
    }

    // ------------------------------------------------------------------ status line, editor

    private void setState(State s, String text, int line) {
        state = s;
        statusLine = line;
        status.setText(text);
        status.setToolTipText(line > 0 ? Texts.get("composer.status.jump", line) : null);
        status.setCursor(line > 0 ? Cursor.getPredefinedCursor(Cursor.HAND_CURSOR) : Cursor.getDefaultCursor());
        Color c = switch (s) {
            case PASSED -> UIManager.getColor("Actions.Green");
            case FAILED -> UIManager.getColor("Actions.Red");
            case STOPPED, STOPPING, PAUSED -> UIManager.getColor("Actions.Yellow");
            case NOT_APPLICABLE -> UIManager.getColor("Actions.Grey");
            default -> UIManager.getColor("Label.foreground");
        };
        status.setForeground(c != null ? c : UIManager.getColor("Label.foreground"));
    }

    private void highlight(int line) {
        highlighted = line;
        editor.highlightLine(line);
    }

    /** Puts the caret at the start of {@code line} (1-based) and scrolls to it. */
    public void goToLine(int line) {
        JTextArea ta = editor.textArea();
        try {
            int off = ta.getLineStartOffset(Math.max(0, Math.min(line - 1, ta.getLineCount() - 1)));
            ta.setCaretPosition(off);
            ta.requestFocusInWindow();
            java.awt.geom.Rectangle2D r = ta.modelToView2D(off);
            if (r != null) {
                ta.scrollRectToVisible(r.getBounds());
            }
        } catch (BadLocationException e) {
            // the text changed under the message: nothing to jump to
        }
    }

    // ------------------------------------------------------------------ scripts and files

    private void openScenario(Scenario s) {
        if (run != null || !confirmDiscard()) {
            return;
        }
        editor.setText(s.script());
        savedText = editor.getText();
        file = null;
        baseName = s.name() + ".pgws";
        List<String> needs = new ArrayList<>();
        if (!s.requires().isEmpty()) {
            needs.add(Texts.get("composer.scenarios.needsVersion", s.requires()));
        }
        if (!s.server().isEmpty()) {
            needs.add(Texts.get("composer.scenarios.needs", s.server()));
        }
        if (needs.isEmpty()) {
            scenarioNote.setVisible(false);
        } else {
            scenarioNote.setText("<html>⚠ " + ScenarioBrowser.esc(String.join(" ", needs)) + "</html>");
            scenarioNote.setVisible(true);
        }
        setState(State.IDLE, Texts.get("composer.status.scenario", s.title()), 0);
        highlight(0);
        updateTitle();
    }

    /** Adds script lines at the end of the script (from "Send to Composer"). */
    public void appendLines(List<String> lines) {
        for (String l : lines) {
            editor.insertLine(l);
        }
        updateTitle();
    }

    private void chooseAndOpen() {
        if (!confirmDiscard()) {
            return;
        }
        JFileChooser fc = new JFileChooser(file != null ? file.getParent().toFile() : null);
        fc.setFileFilter(new FileNameExtensionFilter(Texts.get("composer.file.filter"), "pgws"));
        if (fc.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            open(fc.getSelectedFile().toPath());
        }
    }

    /** Loads a script file into the editor (its text exactly, as UTF-8). */
    public void open(Path p) {
        host.background().run(() -> Files.readString(p, StandardCharsets.UTF_8), text -> {
            editor.setText(text);
            savedText = editor.getText();
            file = p;
            baseName = p.getFileName().toString();
            scenarioNote.setVisible(false);
            highlight(0);
            setState(State.IDLE, Texts.get("composer.status.opened", p), 0);
            updateTitle();
        }, e -> JOptionPane.showMessageDialog(this, Texts.get("composer.file.openFailed", p, e.getMessage()),
                Texts.get("error.title"), JOptionPane.ERROR_MESSAGE));
    }

    /** Saves to the script's file (or asks for one); true when saved. */
    public boolean save(boolean askName) {
        Path target = file;
        if (askName || target == null) {
            target = dev.pgwb.app.ui.SaveDialog.choose(this, file != null ? file.getParent().toFile() : null,
                    Texts.get("composer.file.filter"), "pgws", baseName.endsWith(".pgws") ? baseName : baseName + ".pgws");
            if (target == null) {
                return false;
            }
        }
        return saveTo(target);
    }

    /** Writes the script to {@code target} (replacing it atomically); true when saved. */
    public boolean saveTo(Path target) {
        String text = editor.getText();
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            JOptionPane.showMessageDialog(this, Texts.get("composer.file.saveFailed", target, e.getMessage()),
                    Texts.get("error.title"), JOptionPane.ERROR_MESSAGE);
            return false;
        }
        file = target;
        baseName = target.getFileName().toString();
        savedText = text;
        setState(state == State.IDLE ? State.IDLE : state, Texts.get("composer.status.saved", target), statusLine);
        updateTitle();
        return true;
    }

    private void chooseAndSaveRecording() {
        if (store == null || run != null) {
            return;
        }
        Path p = dev.pgwb.app.ui.SaveDialog.choose(this, null, Texts.get("file.filter"), "pgwb",
                baseName.replaceFirst("\\.pgws$", "") + ".pgwb");
        if (p != null) {
            saveRecording(p);
        }
    }

    /**
     * Keeps the run's recording as a {@code .pgwb} session file (to open in the workbench, decode
     * with {@code pgwb decode}, attach to a bug report), copied in the background.
     */
    public void saveRecording(Path target) {
        SessionStore s = store;
        if (s == null) {
            return;
        }
        host.background().run(() -> {
            s.flush();
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(s.path(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        }, p -> setState(state, Texts.get("composer.status.recordingSaved", p), statusLine),
                e -> JOptionPane.showMessageDialog(this, Texts.get("composer.file.saveFailed", target, e.getMessage()),
                        Texts.get("error.title"), JOptionPane.ERROR_MESSAGE));
    }

    public boolean isDirty() {
        return !editor.getText().equals(savedText);
    }

    /** Unsaved changes: save, discard or cancel. True when the caller may go on. */
    private boolean confirmDiscard() {
        if (!isDirty()) {
            return true;
        }
        int answer = JOptionPane.showConfirmDialog(this, Texts.get("composer.discard.text", baseName), Texts.get("composer.discard.title"),
                JOptionPane.YES_NO_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE);
        return answer == JOptionPane.YES_OPTION ? save(false) : answer == JOptionPane.NO_OPTION;
    }

    private void updateTitle() {
        setTitle((isDirty() ? "• " : "") + baseName + " — " + Texts.get("composer.title", number));
        getRootPane().putClientProperty("Window.documentModified", isDirty());
    }

    /** Closes the composer after asking about unsaved changes; a run is stopped. False when the user cancelled. */
    public boolean close() {
        if (!confirmDiscard()) {
            return false;
        }
        dispose(true);
        return true;
    }

    /** Closes without asking (the workbench is exiting). */
    public void dispose(boolean notify) {
        stop();
        refresher.stop();
        analysis.shutdown();
        sequence.close();
        model.show(null);
        SessionStore s = store;
        store = null;
        Run r = run;
        dispose();
        host.background().run(() -> {
            if (r != null && r.thread != null) {
                r.thread.join(10_000);
            }
            if (s != null) {
                s.close();
            }
            return null;
        }, v -> { }, e -> { });
        if (notify) {
            host.closed(this);
        }
    }

    // ------------------------------------------------------------------ for tests and the workbench

    public ScriptEditor editor() {
        return editor;
    }

    public ConnectionForm connection() {
        return connection;
    }

    public ScenarioBrowser scenarios() {
        return scenarios;
    }

    public TimelineTable timeline() {
        return table;
    }

    public TimelineModel timelineModel() {
        return model;
    }

    public DetailsPane details() {
        return details;
    }

    public AnalysisInspector analysis() {
        return analysis;
    }

    public dev.pgwb.app.ui.sequence.SequenceView sequence() {
        return sequence;
    }

    public ActionRegistry actions() {
        return actions;
    }

    /** The current run's recording (null before the first run). */
    public SessionStore runStore() {
        return store;
    }

    public State state() {
        return state;
    }

    public String statusText() {
        return status.getText();
    }

    /** The line marked as the next step (0: none). */
    public int highlightedLine() {
        return highlighted;
    }

    public int number() {
        return number;
    }
}
