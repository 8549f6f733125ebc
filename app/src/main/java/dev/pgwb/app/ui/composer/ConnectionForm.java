package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Background;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.client.ConnInfo;
import dev.pgwb.protocol.client.ConnectionSettings;
import dev.pgwb.protocol.client.WireClient;
import dev.pgwb.protocol.client.WireConnection;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.tls.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.event.PopupMenuEvent;
import javax.swing.event.PopupMenuListener;
import net.miginfocom.swing.MigLayout;

/**
 * Where the composer connects: a libpq connection URI and the same settings as fields, each kept in
 * step with the other; the password (masked, never saved); recent targets; "through relay" to send
 * the run through one of the window's relays (so it shows in the live timeline too); and a
 * background "Test connection" that logs in and says the server version or the error in one line.
 */
public final class ConnectionForm extends JPanel {
    static final String[] SSL_MODES = java.util.Arrays.stream(SslMode.values()).map(SslMode::keyword).toArray(String[]::new);
    static final String[] NEGOTIATIONS = {"postgres", "direct"};
    static final String[] VERSIONS = {"3.0", "3.2"};

    /** An entry of the "through" list: direct, or a running relay of the window. */
    record Route(Relay relay) {
        @Override
        public String toString() {
            return relay == null ? Texts.get("composer.conn.direct")
                    : Texts.get("composer.conn.viaRelay", relay.config().listenHost() + ":" + relay.port(), relay.config().upstream());
        }
    }

    private final JTextField uri = new JTextField(40);
    private final JComboBox<String> recent = new JComboBox<>();
    private final JComboBox<Route> route = new JComboBox<>();
    private final JTextField host = new JTextField("localhost", 12);
    private final JTextField port = new JTextField("5432", 5);
    private final JTextField user = new JTextField(10);
    private final JTextField database = new JTextField(10);
    private final JPasswordField password = new JPasswordField(10);
    private final JComboBox<String> sslMode = new JComboBox<>(SSL_MODES);
    private final JComboBox<String> negotiation = new JComboBox<>(NEGOTIATIONS);
    private final JComboBox<String> version = new JComboBox<>(VERSIONS);
    private final JTextField extra = new JTextField(20);
    private final JButton test = new JButton(Texts.get("composer.conn.test"));
    private final JLabel result = new JLabel(" ");
    private final Background background;
    private final Supplier<List<Relay>> relays;
    private final Map<String, String> env;
    private final Path home;
    private boolean syncing;
    private Runnable onTestPassed = () -> { };
    private int testGeneration;

    /**
     * @param relays the window's running relays (asked each time the list opens)
     * @param recentTargets recent URIs, newest first (no passwords)
     */
    public ConnectionForm(Background background, Supplier<List<Relay>> relays, List<String> recentTargets,
                          Map<String, String> env, Path home) {
        super(new MigLayout("insets 6 8 2 8, fillx, wrap 2, hidemode 3", "[right][grow,fill]", "[]2[]2[]0[]"));
        this.background = background;
        this.relays = relays;
        this.env = env;
        this.home = home;
        setName("connectionForm");
        uri.setName("connUri");
        uri.putClientProperty("JTextField.placeholderText", "postgresql://user@host:5432/database?sslmode=prefer");
        recent.setName("connRecent");
        recent.setModel(new DefaultComboBoxModel<>(recentTargets.toArray(String[]::new)));
        recent.setSelectedIndex(-1);
        recent.setToolTipText(Texts.get("composer.conn.recent.tip"));
        route.setName("connRoute");
        route.setToolTipText(Texts.get("composer.conn.route.tip"));
        host.setName("connHost");
        port.setName("connPort");
        user.setName("connUser");
        user.setText(env.getOrDefault("PGUSER", System.getProperty("user.name", "postgres")));
        database.setName("connDatabase");
        password.setName("connPassword");
        password.setToolTipText(Texts.get("composer.conn.password.tip"));
        sslMode.setName("connSslMode");
        sslMode.setSelectedItem("prefer");
        negotiation.setName("connSslNegotiation");
        version.setName("connProtocol");
        version.setEditable(true);
        extra.setName("connExtra");
        extra.putClientProperty("JTextField.placeholderText", "application_name=pgwb options='-c work_mem=64MB'");
        extra.setToolTipText(Texts.get("composer.conn.extra.tip"));
        test.setName("connTest");
        result.setName("connTestResult");
        refreshRoutes();

        add(new JLabel(Texts.get("composer.conn.uri")));
        add(uri, "split 5, wmin 120, growx");
        add(new JLabel(Texts.get("composer.conn.recent")), "gapleft 12");
        add(recent, "w 90:220:320, growx 0");
        add(new JLabel(Texts.get("composer.conn.route")), "gapleft 12");
        add(route, "w 120:240:360, growx 0");
        add(new JLabel(Texts.get("composer.conn.host")));
        add(host, "split 9, wmin 60, growx 200");
        add(new JLabel(Texts.get("composer.conn.port")), "gapleft 12");
        add(port, "w 64!");
        add(new JLabel(Texts.get("composer.conn.user")), "gapleft 12");
        add(user, "wmin 60, growx 100");
        add(new JLabel(Texts.get("composer.conn.database")), "gapleft 12");
        add(database, "wmin 60, growx 100");
        add(new JLabel(Texts.get("composer.conn.password")), "gapleft 12");
        add(password, "wmin 60, growx 100");
        add(new JLabel(Texts.get("composer.conn.sslmode")));
        add(sslMode, "split 8, growx 0");
        add(new JLabel(Texts.get("composer.conn.negotiation")), "gapleft 12");
        add(negotiation, "growx 0");
        add(new JLabel(Texts.get("composer.conn.protocol")), "gapleft 12");
        add(version, "growx 0, w 70!");
        add(new JLabel(Texts.get("composer.conn.extra")), "gapleft 12");
        add(extra, "wmin 80, growx");
        add(test, "gapleft 12, growx 0");
        add(result, "skip, growx, wmin 0");

        uri.getDocument().addDocumentListener(onChange(this::uriEdited));
        uri.addFocusListener(new java.awt.event.FocusAdapter() {
            @Override
            public void focusLost(java.awt.event.FocusEvent e) {
                // a pasted password moved to the masked field: the URI on screen shows none
                try {
                    if (ConnInfo.parse(uri.getText().trim()).containsKey("password")) {
                        fieldsEdited();
                    }
                } catch (IllegalArgumentException ex) {
                    // said already under the form
                }
            }
        });
        for (JTextField f : List.of(host, port, user, database, extra)) {
            f.getDocument().addDocumentListener(onChange(this::fieldsEdited));
        }
        for (JComboBox<String> c : List.of(sslMode, negotiation, version)) {
            c.addActionListener(e -> fieldsEdited());
        }
        password.getDocument().addDocumentListener(onChange(() -> { }));
        recent.addActionListener(e -> {
            if (recent.getSelectedItem() instanceof String s && !s.isBlank() && recent.isPopupVisible()) {
                setUri(s);
            }
        });
        recent.addPopupMenuListener(new PopupMenuListener() {
            @Override
            public void popupMenuWillBecomeVisible(PopupMenuEvent e) {
            }

            @Override
            public void popupMenuWillBecomeInvisible(PopupMenuEvent e) {
                if (recent.getSelectedItem() instanceof String s && !s.isBlank()) {
                    setUri(s);
                }
            }

            @Override
            public void popupMenuCanceled(PopupMenuEvent e) {
            }
        });
        route.addPopupMenuListener(new PopupMenuListener() {
            @Override
            public void popupMenuWillBecomeVisible(PopupMenuEvent e) {
                refreshRoutes();
            }

            @Override
            public void popupMenuWillBecomeInvisible(PopupMenuEvent e) {
            }

            @Override
            public void popupMenuCanceled(PopupMenuEvent e) {
            }
        });
        test.addActionListener(e -> testConnection());
        fieldsEdited();
    }

    private static DocumentListener onChange(Runnable r) {
        return new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                r.run();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                r.run();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                r.run();
            }
        };
    }

    // ------------------------------------------------------------------ URI <-> fields

    /** Sets the URI (or keyword/value string); the fields follow. A password in it goes to the password field. */
    public void setUri(String text) {
        uri.setText(text);
        uri.setCaretPosition(0);
    }

    public String uri() {
        return uri.getText().trim();
    }

    /** The URI of what the fields say, without the password: what recent targets keep. */
    public String uriWithoutPassword() {
        return buildUri(fields());
    }

    private void uriEdited() {
        if (syncing) {
            return;
        }
        String text = uri.getText().trim();
        if (text.isEmpty()) {
            return;
        }
        Map<String, String> p;
        try {
            p = ConnInfo.parse(text);
        } catch (IllegalArgumentException e) {
            showProblem(e.getMessage());
            return;
        }
        syncing = true;
        try {
            host.setText(p.getOrDefault("host", p.getOrDefault("hostaddr", "localhost")));
            port.setText(p.getOrDefault("port", "5432"));
            user.setText(p.getOrDefault("user", ""));
            database.setText(p.getOrDefault("dbname", ""));
            if (p.containsKey("password")) {
                password.setText(p.get("password"));
            }
            sslMode.setSelectedItem(p.getOrDefault("sslmode", "prefer"));
            negotiation.setSelectedItem(p.getOrDefault("sslnegotiation", "postgres"));
            version.setSelectedItem(p.getOrDefault("max_protocol_version", p.getOrDefault("protocol_version", "3.0")));
            StringBuilder x = new StringBuilder();
            p.forEach((k, v) -> {
                if (!List.of("host", "hostaddr", "port", "user", "dbname", "password", "sslmode", "sslnegotiation",
                        "max_protocol_version", "protocol_version").contains(k)) {
                    x.append(x.isEmpty() ? "" : " ").append(k).append('=').append(keywordValue(v));
                }
            });
            extra.setText(x.toString());
            clearProblem();
        } finally {
            syncing = false;
        }
    }

    private void fieldsEdited() {
        if (syncing) {
            return;
        }
        Map<String, String> f;
        try {
            f = fields();
        } catch (IllegalArgumentException e) {
            showProblem(e.getMessage());
            return;
        }
        syncing = true;
        try {
            uri.setText(buildUri(f));
            clearProblem();
        } finally {
            syncing = false;
        }
    }

    /** The settings the fields hold, as libpq keywords (no password). */
    private Map<String, String> fields() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "host", host.getText().trim());
        put(p, "port", port.getText().trim());
        put(p, "user", user.getText().trim());
        put(p, "dbname", database.getText().trim());
        String ssl = String.valueOf(sslMode.getSelectedItem());
        if (!ssl.equals("prefer")) {
            p.put("sslmode", ssl);
        }
        String neg = String.valueOf(negotiation.getSelectedItem());
        if (!neg.equals("postgres")) {
            p.put("sslnegotiation", neg);
        }
        String v = String.valueOf(version.getEditor().getItem() == null ? version.getSelectedItem() : version.getSelectedItem()).trim();
        if (!v.isEmpty() && !v.equals("3.0") && !v.equals("null")) {
            p.put("max_protocol_version", v);
        }
        String x = extra.getText().trim();
        if (!x.isEmpty()) {
            p.putAll(ConnInfo.parse(x));
        }
        return p;
    }

    private static void put(Map<String, String> p, String k, String v) {
        if (!v.isEmpty()) {
            p.put(k, v);
        }
    }

    /** {@code postgresql://user@host:port/db?k=v}, percent-encoded as libpq reads it. */
    static String buildUri(Map<String, String> p) {
        StringBuilder s = new StringBuilder("postgresql://");
        if (p.containsKey("user")) {
            s.append(enc(p.get("user"))).append('@');
        }
        String h = p.getOrDefault("host", "");
        boolean socketDir = h.startsWith("/");
        if (!socketDir) {
            s.append(h.contains(":") ? "[" + h + "]" : enc(h));
            if (p.containsKey("port")) {
                s.append(':').append(p.get("port"));
            }
        }
        s.append('/');
        if (p.containsKey("dbname")) {
            s.append(enc(p.get("dbname")));
        }
        String sep = "?";
        for (var e : p.entrySet()) {
            String k = e.getKey();
            if (k.equals("user") || k.equals("dbname") || k.equals("password") || (!socketDir && (k.equals("host") || k.equals("port")))) {
                continue;
            }
            s.append(sep).append(enc(k)).append('=').append(enc(e.getValue()));
            sep = "&";
        }
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String keywordValue(String v) {
        return v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\')
                ? "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" : v;
    }

    private void showProblem(String message) {
        result.setText("⚠ " + message);
        result.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
    }

    private void clearProblem() {
        if (result.getText().startsWith("⚠")) {
            result.setText(" ");
        }
    }

    // ------------------------------------------------------------------ settings

    /**
     * What a run connects with: the fields, then the PG* environment and ~/.pgpass as libpq does,
     * the password field when filled; through the chosen relay's listen address when one is picked.
     *
     * @throws IllegalArgumentException with libpq's words when a setting is wrong
     */
    public ConnectionSettings settings() {
        Map<String, String> p = fields();
        String pw = new String(password.getPassword());
        if (!pw.isEmpty()) {
            p.put("password", pw);
        }
        ConnectionSettings s = ConnInfo.resolve(p, env, home);
        Relay r = relay();
        if (r != null) {
            String h = r.listenAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : r.config().listenHost();
            s = s.withHost(h, r.port());
        }
        return s;
    }

    /** The relay the run goes through, or null for a direct connection. */
    public Relay relay() {
        Route r = (Route) route.getSelectedItem();
        return r == null ? null : r.relay();
    }

    /** Picks {@code relay} in the "through" list (null: direct). */
    public void useRelay(Relay relay) {
        refreshRoutes();
        for (int i = 0; i < route.getItemCount(); i++) {
            if (route.getItemAt(i).relay() == relay) {
                route.setSelectedIndex(i);
                return;
            }
        }
    }

    private void refreshRoutes() {
        Route selected = (Route) route.getSelectedItem();
        DefaultComboBoxModel<Route> m = new DefaultComboBoxModel<>();
        m.addElement(new Route(null));
        for (Relay r : relays.get()) {
            m.addElement(new Route(r));
        }
        route.setModel(m);
        if (selected != null) {
            for (int i = 0; i < m.getSize(); i++) {
                if (m.getElementAt(i).relay() == selected.relay()) {
                    route.setSelectedIndex(i);
                }
            }
        }
    }

    /** Puts {@code target} first in the recent list shown (the caller keeps the settings). */
    public void remembered(List<String> recentTargets) {
        Object typed = recent.getSelectedItem();
        recent.setModel(new DefaultComboBoxModel<>(recentTargets.toArray(String[]::new)));
        recent.setSelectedIndex(-1);
        if (typed == null) {
            recent.setSelectedIndex(-1);
        }
    }

    // ------------------------------------------------------------------ test connection

    /** Connects, logs in and reports the server version (or the error) in the result line, in the background. */
    public void testConnection() {
        ConnectionSettings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            showProblem(e.getMessage());
            return;
        }
        int generation = ++testGeneration;
        test.setEnabled(false);
        result.setForeground(UIManager.getColor("Label.foreground"));
        result.setText(Texts.get("composer.conn.testing", s.address()));
        background.run(() -> probe(s), text -> {
            if (generation == testGeneration) {
                test.setEnabled(true);
                result.setForeground(UIManager.getColor("Actions.Green"));
                result.setText("✔ " + text);
                onTestPassed.run();
            }
        }, e -> {
            if (generation == testGeneration) {
                test.setEnabled(true);
                result.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
                result.setText("✘ " + Texts.get("composer.conn.failed", s.address(), oneLine(e)));
            }
        });
    }

    /** Told (on the EDT) when Test Connection logged in: the target is worth remembering. */
    public void onTestPassed(Runnable r) {
        onTestPassed = r;
    }

    public String testResult() {
        return result.getText();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ');
    }

    /** Logs in on a throw-away recording; says who answered. */
    private String probe(ConnectionSettings s) throws Exception {
        Map<String, String> status = new java.util.concurrent.ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (SessionStore scratch = SessionStore.createTemporary()) {
            WireClient.Listener listener = new WireClient.Listener() {
                @Override
                public void received(int connection, Decoded d) {
                    if (d.message() instanceof ParameterStatus ps) {
                        status.put(ps.name(), ps.value());
                    }
                }
            };
            try (WireClient client = new WireClient(s, scratch, listener, home, null)) {
                WireConnection c = client.connect("test", s, Duration.ofSeconds(10));
                long ms = (System.nanoTime() - start) / 1_000_000;
                boolean tls = c.isTls();
                String proto = ConnectionSettings.versionText(c.protocolVersion());
                c.send(new Terminate());
                c.flush();
                c.close();
                return Texts.get("composer.conn.ok", status.getOrDefault("server_version", "?"), s.user(), s.database(), s.address(),
                        tls ? "TLS" : Texts.get("composer.conn.noTls"), proto, ms);
            }
        }
    }
}
