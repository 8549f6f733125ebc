package dev.pgwb.app.ui.relay;

import dev.pgwb.app.sandbox.ConnectionStrings;
import dev.pgwb.app.sandbox.SandboxServer;
import dev.pgwb.app.ui.Background;
import dev.pgwb.app.ui.Settings;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.relay.TlsMode;
import dev.pgwb.protocol.relay.WorkbenchCa;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JScrollPane;
import javax.swing.JSeparator;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import net.miginfocom.swing.MigLayout;

/**
 * Starts and stops relays (listen address, upstream, TLS mode) and the sandbox server, and shows
 * the connection strings to paste into a client. Everything records into the window's live session.
 */
public final class RelayPanel extends dev.pgwb.app.ui.ColumnPanel {

    /** What the panel needs from the window. */
    public interface Host {
        /** The live session relays record into (created on first use). */
        SessionStore liveStore() throws IOException;

        /** Shows the live session in the timeline. */
        void showLive();

        Background background();

        Settings settings();

        /** The settings object was changed: save it. */
        void settingsChanged();

        void showError(String message);
    }

    /** A running relay as the list shows it. */
    private record Running(Relay relay, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Host host;
    private final JTextField listen = new JTextField(14);
    private final JComboBox<String> upstream = new JComboBox<>();
    private final JComboBox<TlsMode> tls = new JComboBox<>(TlsMode.values());
    private final JButton start = new JButton(Texts.get("relay.start"));
    private final DefaultListModel<Running> running = new DefaultListModel<>();
    private final JList<Running> runningList = new JList<>(running);
    private final JButton stop = new JButton(Texts.get("relay.stop"));
    private final JTextArea strings = new JTextArea(3, 20);
    private final JButton copyStrings = new JButton(Texts.get("relay.copyStrings"));
    private final JButton exportCa = new JButton(Texts.get("action.export_ca"));
    private final JButton sandboxStart = new JButton(Texts.get("action.sandbox_start"));
    private final JButton sandboxStop = new JButton(Texts.get("action.sandbox_stop"));
    private final JButton sandboxDemo = new JButton(Texts.get("action.sandbox_demo"));
    private final JLabel sandboxStatus = new JLabel(Texts.get("sandbox.stopped"));
    private final JLabel status = new JLabel(" ");
    private final JTextArea recording = wrapping("");
    private SandboxServer sandbox;
    private boolean sandboxBusy;

    public RelayPanel(Host host) {
        super(new MigLayout("insets 8, fillx, wrap 2", "[right][0:200:n,grow,fill]", "[]"));
        this.host = host;
        setName("relayPanel");
        listen.setName("relayListen");
        listen.setText(host.settings().lastListen);
        upstream.setName("relayUpstream");
        upstream.setEditable(true);
        upstream.setModel(new DefaultComboBoxModel<>(host.settings().recentUpstreams.toArray(String[]::new)));
        if (upstream.getItemCount() == 0) {
            upstream.setSelectedItem(defaultUpstream());
        }
        tls.setName("relayTls");
        tls.setRenderer(new javax.swing.DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(JList<?> l, Object v, int i, boolean s, boolean f) {
                return super.getListCellRendererComponent(l, v == null ? "" : Texts.get("tls." + ((TlsMode) v).name().toLowerCase(Locale.ROOT)), i, s, f);
            }
        });
        start.setName("relayStart");
        stop.setName("relayStop");
        runningList.setName("relayList");
        runningList.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        runningList.setVisibleRowCount(2);
        strings.setName("connectionStrings");
        strings.setEditable(false);
        strings.setLineWrap(true);
        // a new text must not scroll the whole panel to its end
        ((javax.swing.text.DefaultCaret) strings.getCaret()).setUpdatePolicy(javax.swing.text.DefaultCaret.NEVER_UPDATE);
        strings.setText(Texts.get("relay.noStrings"));
        copyStrings.setName("copyStrings");
        exportCa.setName("exportCa");
        sandboxStart.setName("sandboxStart");
        sandboxStop.setName("sandboxStop");
        sandboxDemo.setName("sandboxDemo");
        sandboxStatus.setName("sandboxStatus");
        status.setName("relayStatus");
        recording.setName("relayRecording");
        recording.setVisible(false);
        java.awt.Color red = javax.swing.UIManager.getColor("Actions.Red");
        recording.setForeground(red != null ? red : java.awt.Color.RED);

        JLabel title = new JLabel(Texts.get("relay.title"));
        title.putClientProperty("FlatLaf.styleClass", "h4");
        add(title, "span 2, align left");
        add(new JLabel(Texts.get("relay.listen")));
        add(listen, "wmin 0");
        add(new JLabel(Texts.get("relay.upstream")));
        add(upstream, "wmin 0");
        add(new JLabel(Texts.get("relay.tls")));
        add(tls, "wmin 0");
        add(start, "span 2, split 2, align left, growx 0");
        add(exportCa, "growx 0");
        add(status, "span 2, align left, growx, wmin 0");
        status.setFont(status.getFont().deriveFont(java.awt.Font.ITALIC));
        add(recording, "span 2, growx, wmin 0, hidemode 3");
        add(new JScrollPane(runningList), "span 2, growx, wmin 0");
        add(stop, "skip, align left, growx 0");
        add(new JLabel(Texts.get("relay.strings")), "span 2, align left");
        add(new JScrollPane(strings, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED, JScrollPane.HORIZONTAL_SCROLLBAR_NEVER), "span 2, growx, wmin 0, hmin 60");
        add(copyStrings, "skip, align left, growx 0");
        add(new JSeparator(), "span 2, growx, gaptop 6");
        JLabel sb = new JLabel(Texts.get("sandbox.title"));
        sb.putClientProperty("FlatLaf.styleClass", "h4");
        add(sb, "span 2, align left");
        add(wrapping(Texts.get("sandbox.explain")), "span 2, growx, wmin 0");
        add(sandboxStart, "span 2, split 2, align left, growx 0");
        add(sandboxStop, "growx 0");
        add(sandboxDemo, "span 2, align left, growx 0");
        add(sandboxStatus, "span 2, align left, growx, wmin 0");

        start.addActionListener(e -> startRelay());
        stop.addActionListener(e -> stopSelected());
        copyStrings.addActionListener(e -> Toolkit.getDefaultToolkit().getSystemClipboard()
                .setContents(new StringSelection(strings.getText()), null));
        exportCa.addActionListener(e -> exportCa());
        sandboxStart.addActionListener(e -> startSandbox());
        sandboxStop.addActionListener(e -> stopSandbox());
        sandboxDemo.addActionListener(e -> runDemo());
        runningList.addListSelectionListener(e -> showStringsOfSelection());
        updateButtons();
    }

    private static String defaultUpstream() {
        String h = System.getenv("PGHOST");
        String p = System.getenv("PGPORT");
        return (h == null || h.isBlank() || h.startsWith("/") ? "localhost" : h) + ":" + (p == null || p.isBlank() ? "5432" : p.trim());
    }

    /** A label that wraps to the column's width (a plain JLabel would widen the column instead). */
    private static JTextArea wrapping(String text) {
        JTextArea a = new JTextArea(text);
        a.setLineWrap(true);
        a.setWrapStyleWord(true);
        a.setEditable(false);
        a.setFocusable(false);
        a.setOpaque(false);
        a.setBorder(null);
        a.setFont(javax.swing.UIManager.getFont("Label.font"));
        return a;
    }

    /** Selecting a new relay scrolls the list into view, and with it the whole panel: back to the top. */
    private void scrollToTop() {
        javax.swing.SwingUtilities.invokeLater(() -> scrollRectToVisible(new java.awt.Rectangle(0, 0, 1, 1)));
    }

    public void focusUpstream() {
        upstream.requestFocusInWindow();
    }

    private void updateButtons() {
        stop.setEnabled(!running.isEmpty());
        sandboxStart.setEnabled(sandbox == null && !sandboxBusy);
        sandboxStop.setEnabled(sandbox != null && !sandboxBusy);
        sandboxDemo.setEnabled(sandbox != null && !sandboxBusy);
    }

    // ------------------------------------------------------------------ relays

    private void startRelay() {
        String[] l = splitHostPort(listen.getText().trim(), 15432);
        String up = String.valueOf(upstream.getEditor().getItem()).trim();
        String[] u = splitHostPort(up, 5432);
        if (l == null || u == null) {
            status.setText(Texts.get("relay.badAddress"));
            return;
        }
        TlsMode mode = (TlsMode) tls.getSelectedItem();
        start.setEnabled(false);
        status.setText(Texts.get("relay.starting"));
        host.background().run(() -> {
            SessionStore store = host.liveStore();
            RelayConfig config = RelayConfig.of(l[0], Integer.parseInt(l[1]), u[0], Integer.parseInt(u[1])).withTls(mode);
            return Relay.start(config, store, mode == TlsMode.TERMINATE ? WorkbenchCa.loadOrCreate() : null);
        }, relay -> {
            start.setEnabled(true);
            String label = relay.config().listenHost() + ":" + relay.port() + " → " + relay.config().upstream()
                    + "  (" + Texts.get("tls." + mode.name().toLowerCase(Locale.ROOT)) + ")";
            running.addElement(new Running(relay, label));
            runningList.setSelectedIndex(running.size() - 1);
            watchRecording(relay);
            Settings.remember(host.settings().recentUpstreams, u[0] + ":" + u[1]);
            host.settings().lastListen = listen.getText().trim();
            host.settingsChanged();
            status.setText(Texts.get("relay.started", label));
            scrollToTop();
            relay.exposureWarning().ifPresent(w -> status.setText(w));
            updateButtons();
            host.showLive();
        }, e -> {
            start.setEnabled(true);
            String msg = Texts.get("relay.failed", l[0] + ":" + l[1], e.getMessage());
            status.setText(msg);
            host.showError(msg);
        });
    }

    /** A recording that fails (disk full...) is said at once, in a line of its own; the relays keep forwarding. */
    private void watchRecording(Relay relay) {
        relay.onRecordingFailure(e -> javax.swing.SwingUtilities.invokeLater(() -> {
            recording.setText(Texts.get("relay.recordingFailed", e.getMessage() != null ? e.getMessage() : e.toString()));
            recording.setVisible(true);
            revalidate();
        }));
    }

    private void stopSelected() {
        int i = runningList.getSelectedIndex();
        if (i < 0 && !running.isEmpty()) {
            i = 0;
        }
        if (i < 0) {
            return;
        }
        Running r = running.remove(i);
        host.background().run(() -> {
            r.relay().close();
            return null;
        }, v -> status.setText(Texts.get("relay.stopped", r.label())), e -> host.showError(e.getMessage()));
        if (!running.isEmpty()) {
            runningList.setSelectedIndex(0);
        } else {
            strings.setText(Texts.get("relay.noStrings"));
        }
        updateButtons();
    }

    private void showStringsOfSelection() {
        Running r = runningList.getSelectedValue();
        if (r != null) {
            String h = r.relay().listenAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : r.relay().config().listenHost();
            strings.setText(ConnectionStrings.of(h, r.relay().port(), "", "", r.relay().config().tls() == TlsMode.TERMINATE).toString());
        }
    }

    private void exportCa() {
        JFileChooser fc = new JFileChooser();
        fc.setSelectedFile(new java.io.File("pgwb-ca.crt"));
        if (fc.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path target = fc.getSelectedFile().toPath();
        host.background().run(() -> {
            WorkbenchCa.loadOrCreate().exportCertificate(target);
            return target;
        }, p -> status.setText(Texts.get("relay.caExported", p)), e -> host.showError(e.getMessage()));
    }

    /** Host and port from {@code host:port}, {@code [v6]:port} or a bare host; null when unreadable. */
    static String[] splitHostPort(String s, int defaultPort) {
        if (s.isEmpty()) {
            return null;
        }
        String h = s;
        String p = String.valueOf(defaultPort);
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            h = s.substring(1, close);
            if (s.length() > close + 1) {
                if (s.charAt(close + 1) != ':') {
                    return null;
                }
                p = s.substring(close + 2);
            }
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') >= 0) {
            h = s.substring(0, s.indexOf(':'));
            p = s.substring(s.indexOf(':') + 1);
        }
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) > 65535 || h.isEmpty()) {
            return null;
        }
        return new String[] {h, p};
    }

    // ------------------------------------------------------------------ sandbox

    public void startSandbox() {
        if (sandbox != null || sandboxBusy) {
            return;
        }
        sandboxBusy = true;
        updateButtons();
        sandboxStatus.setText(Texts.get("sandbox.starting"));
        host.background().run(() -> SandboxServer.start(host.liveStore(), "127.0.0.1", 0), s -> {
            sandboxBusy = false;
            sandbox = s;
            String label = Texts.get("sandbox.label", s.relay().port());
            running.addElement(new Running(s.relay(), label));
            runningList.setSelectedIndex(running.size() - 1);
            watchRecording(s.relay());
            strings.setText(s.connectionStrings().toString());
            scrollToTop();
            sandboxStatus.setText(Texts.get("sandbox.running", s.relay().port(), s.serverPort()));
            updateButtons();
            host.showLive();
        }, e -> {
            sandboxBusy = false;
            String msg = e instanceof SandboxServer.SandboxException ? e.getMessage() : Texts.get("sandbox.failed", e);
            sandboxStatus.setText("<html>" + escape(msg) + "</html>");
            updateButtons();
            host.showError(msg);
        });
    }

    public void stopSandbox() {
        SandboxServer s = sandbox;
        if (s == null) {
            return;
        }
        sandbox = null;
        sandboxBusy = true;
        for (int i = running.size() - 1; i >= 0; i--) {
            if (running.get(i).relay() == s.relay()) {
                running.remove(i);
            }
        }
        sandboxStatus.setText(Texts.get("sandbox.stopping"));
        updateButtons();
        host.background().run(() -> {
            s.close();
            return null;
        }, v -> {
            sandboxBusy = false;
            sandboxStatus.setText(Texts.get("sandbox.stopped"));
            updateButtons();
        }, e -> {
            sandboxBusy = false;
            sandboxStatus.setText(e.getMessage());
            updateButtons();
        });
    }

    public void runDemo() {
        SandboxServer s = sandbox;
        if (s == null) {
            return;
        }
        sandboxDemo.setEnabled(false);
        sandboxStatus.setText(Texts.get("sandbox.demoRunning"));
        host.background().run(() -> {
            s.runDemoWorkload();
            return null;
        }, v -> {
            sandboxStatus.setText(Texts.get("sandbox.demoDone"));
            updateButtons();
        }, e -> {
            sandboxStatus.setText(Texts.get("sandbox.demoFailed", e.getMessage()));
            updateButtons();
        });
    }

    /** The running relays, sandbox's included (EDT). */
    public List<Relay> relays() {
        List<Relay> out = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            out.add(running.get(i).relay());
        }
        return out;
    }

    public boolean sandboxRunning() {
        return sandbox != null;
    }

    /** Stops every relay and the sandbox (the window is closing). */
    public void stopAll() {
        List<Running> all = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            all.add(running.get(i));
        }
        running.clear();
        for (Running r : all) {
            try {
                r.relay().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
