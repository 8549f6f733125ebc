package dev.pgwb.app.ui;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.FlatLaf;
import dev.pgwb.app.ui.connections.ConnectionList;
import dev.pgwb.app.ui.timeline.SyntheticSession;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.protocol.codec.FieldNode;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.FileSizeLimit;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.awt.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real window under Xvfb, driven as a user would, against a real PostgreSQL 18 and pgJDBC. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class WorkbenchWindowTest extends WindowTest {
    /** Summaries of the rows the timeline shows, as "Type  summary". */
    private List<String> rows() {
        return onEdt(() -> {
            TimelineModel m = main.timelineModel();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < m.getRowCount(); i++) {
                out.add(m.getValueAt(i, TimelineModel.COL_TYPE) + "  " + m.getValueAt(i, TimelineModel.COL_SUMMARY));
            }
            return out;
        });
    }

    private int rowCount() {
        return onEdt(() -> main.timeline().getRowCount());
    }

    /** Types a filter and presses Enter (set on the EDT: without a window manager Xvfb may not give the window focus). */
    private void filter(String text) {
        javax.swing.JTextField f = (javax.swing.JTextField) window.textBox("filterField").target();
        onEdt(() -> {
            f.setText(text);
            f.postActionEvent();
        });
    }

    private static void traffic(int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.setProperty("sslmode", "disable");
        p.setProperty("ApplicationName", "window-test");
        p.setProperty("prepareThreshold", "1");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 'through the workbench' AS greeting")) {
                rs.next();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                for (int i = 0; i < 3; i++) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
            try {
                s.executeQuery("SELECT * FROM no_such_table");
            } catch (SQLException expected) {
                assertThat(expected.getSQLState()).isEqualTo("42P01");
            }
        }
    }

    /** An inspector fed by the timeline's selection, as the analysis views are. */
    private static final class RecordingInspector implements dev.pgwb.app.ui.analysis.MessageInspector {
        final javax.swing.JLabel label = new javax.swing.JLabel();
        volatile long frame = -2;
        volatile dev.pgwb.protocol.codec.Decoded decoded;
        Navigator navigator;

        @Override
        public String title() {
            return "Analysis";
        }

        @Override
        public javax.swing.JComponent component() {
            return label;
        }

        @Override
        public void sessionChanged(SessionStore store, Navigator navigator) {
            this.navigator = navigator;
        }

        @Override
        public void show(long frameIndex, int connectionId, dev.pgwb.protocol.codec.Decoded d) {
            frame = frameIndex;
            decoded = d;
        }
    }

    /** Start page → Start a Relay, in front of {@code pg}, listening on any free port. */
    private Relay startRelayFromThePanel(PgServer pg) {
        window.button("start.NEW_RELAY").click();
        window.textBox("relayListen").setText("127.0.0.1:0");
        window.comboBox("relayUpstream").replaceText(pg.host() + ":" + pg.port());
        window.button("relayStart").click();
        waitFor("the relay is running", 20, () -> main.relayPanel().relays().size() == 1);
        return onEdt(() -> main.relayPanel().relays().get(0));
    }

    @Test
    void relayStartedFromThePanelShowsPgJdbcTrafficLiveAndEveryByteIsExplained(PgServer pg) throws Exception {
        RecordingInspector inspector = onEdt(RecordingInspector::new);
        onEdt(() -> main.addInspector(inspector));
        Relay relay = startRelayFromThePanel(pg);
        assertThat(window.textBox("connectionStrings").text()).contains("postgresql://127.0.0.1:" + relay.port() + "/")
                .contains("jdbc:postgresql://127.0.0.1:" + relay.port()).contains("psql \"postgresql://");

        traffic(relay.port());
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        waitFor("the error reached the timeline", 20, () -> rows().stream().anyMatch(r -> r.startsWith("ErrorResponse")));
        assertThat(rows()).anyMatch(r -> r.startsWith("Parse") && r.contains("S_1") && r.contains("through the workbench"))
                .anyMatch(r -> r.startsWith("Parse") && r.contains("$1::int + 1"))
                .anyMatch(r -> r.startsWith("ErrorResponse") && r.contains("42P01"));
        waitFor("the connection is listed as ended", 20, () -> {
            ConnectionList list = robot.finder().findByName(main, "connectionList", ConnectionList.class, false);
            return list.getModel().getSize() == 2 && list.getModel().getElementAt(1).info().user().equals("postgres")
                    && !list.getModel().getElementAt(1).info().isOpen();
        });

        // the error: select it, see its fields, and the bytes of a field
        filter("is:error");
        waitFor("only the error is shown", 10, () -> rowCount() == 1);
        window.table("timeline").selectRows(0);
        waitFor("the details show it", 10, () -> main.details().decoded() != null);
        assertThat(window.label("detailsHeader").text()).contains("ErrorResponse");
        assertThat(inspector.decoded.typeName()).isEqualTo("ErrorResponse");
        long errorFrame = inspector.frame;
        assertThat(onEdt(() -> main.details().fields().selectField("Code"))).isTrue();
        FieldNode code = onEdt(() -> main.details().fields().selectedField());
        assertThat(code.value()).contains("42P01");
        assertThat(onEdt(() -> main.details().hex().highlightedRange())).containsExactly(code.offset(), code.length());
        onEdt(() -> main.details().fields().selectField("Length"));
        assertThat(onEdt(() -> main.details().hex().highlightedRange())).containsExactly(1, 4);

        // and back: a click on byte 0 of the hex dump selects the Type field
        Point byte0 = onEdt(() -> {
            var r = main.details().hex().modelToView2D(10).getBounds();
            return new Point(r.x + 2, r.y + r.height / 2);
        });
        robot.click(window.textBox("hexView").target(), byte0);
        waitFor("the Type field is selected", 5, () -> {
            FieldNode f = main.details().fields().selectedField();
            return f != null && f.name().equals("Type");
        });
        assertThat(onEdt(() -> main.details().hex().highlightedRange())).containsExactly(0, 1);

        // filters: statement names, a mistake shown inline, the quick toggles
        filter("stmt:S_1 & dir:F");
        waitFor("only the frontend messages naming S_1", 10, () -> rowCount() > 0
                && rows().stream().allMatch(r -> r.startsWith("Parse") || r.startsWith("Bind") || r.startsWith("Describe") || r.startsWith("Close")));
        filter("type:Prase");
        waitFor("the mistake is explained", 5, () -> main.filterBar().errorText().contains("did you mean Parse?"));
        filter("");
        window.toggleButton("toggle.ERRORS_ONLY").click();
        waitFor("errors only", 10, () -> rowCount() == 1);
        window.toggleButton("toggle.ERRORS_ONLY").click();
        window.toggleButton("toggle.HIDE_DATAROW").click();
        waitFor("no DataRow", 10, () -> rowCount() > 1 && rows().stream().noneMatch(r -> r.startsWith("DataRow")));

        // an inspector can move the selection (a diagnosis linking to the frame it names)
        filter("");
        waitFor("every row again", 10, () -> rowCount() > 10);
        onEdt(() -> inspector.navigator.selectFrame(errorFrame - 1));
        waitFor("the frame before the error is selected", 5, () -> inspector.frame == errorFrame - 1);

        window.button("relayStop").click();
        waitFor("the relay stopped", 10, () -> main.relayPanel().relays().isEmpty());
    }

    /**
     * A recording that fails (the live session's file may not grow any more, as on a full disk) is
     * said in a line of the relay panel, in the window's language, while the relay goes on forwarding.
     */
    @Test
    void aRecordingThatFailsIsSaidInTheRelayPanelWhileForwardingGoesOn(PgServer pg) throws Exception {
        Relay relay = startRelayFromThePanel(pg);
        traffic(relay.port());
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        javax.swing.JTextArea said = robot.finder().findByName(main, "relayRecording", javax.swing.JTextArea.class, false);
        assertThat(onEdt(() -> said.isShowing())).as("nothing to say while the recording works").isFalse();
        SessionStore live = main.liveStore();
        live.flush();
        try (FileSizeLimit diskFull = FileSizeLimit.of(Files.size(live.path()) + 16 * 1024)) {
            assertThat(PgServer.queryThrough(relay.port(), "SELECT repeat('x', 100000)", "window-test")).hasSize(100_000);
            waitFor("the relay panel says the recording failed", 20, () -> said.isShowing());
            traffic(relay.port()); // forwarding goes on
            assertThat(PgServer.queryThrough(relay.port(), "SELECT 'still forwarded'", "window-test")).isEqualTo("still forwarded");
        }
        assertThat(onEdt(() -> said.getText())).isEqualTo(Texts.get("relay.recordingFailed",
                "cannot write the session file " + live.path() + ": File too large"));
        assertThat(java.util.ResourceBundle.getBundle("dev.pgwb.app.ui.messages", java.util.Locale.SIMPLIFIED_CHINESE)
                .getString("relay.recordingFailed")).startsWith("录制失败：{0}");
        window.button("relayStop").click();
        waitFor("the relay stopped", 10, () -> main.relayPanel().relays().isEmpty());
    }

    @Test
    void themeSwitchesLiveBetweenLightAndDarkAndIsRemembered() throws Exception {
        boolean before = onEdt(FlatLaf::isLafDark);
        window.menuItemWithPath(Texts.get("menu.view"), Texts.get("menu.theme"), Texts.get("action.theme_dark")).click();
        waitFor("dark", 5, FlatLaf::isLafDark);
        assertThat(Files.readString(tmp.resolve("config/settings.json"))).contains("\"theme\" : \"dark\"");
        java.awt.Color dark = onEdt(() -> main.timeline().getBackground());
        window.button("button.THEME_TOGGLE").click();
        waitFor("light", 5, () -> !FlatLaf.isLafDark());
        java.awt.Color light = onEdt(() -> main.timeline().getBackground());
        assertThat(light.getRed() + light.getGreen()).isGreaterThan(dark.getRed() + dark.getGreen());
        assertThat(Files.readString(tmp.resolve("config/settings.json"))).contains("\"theme\" : \"light\"");
        int size = onEdt(Themes::currentFontSize);
        window.menuItemWithPath(Texts.get("menu.view"), Texts.get("menu.font"), Texts.get("action.font_bigger")).click();
        waitFor("a bigger font", 5, () -> Themes.currentFontSize() == size + 1);
        assertThat(Files.readString(tmp.resolve("config/settings.json"))).contains("\"fontSize\" : " + (size + 1));
        // the shortcut is bound on the whole window with the platform's menu key
        Object bound = onEdt(() -> main.getRootPane().getInputMap(javax.swing.JComponent.WHEN_IN_FOCUSED_WINDOW)
                .get(javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_EQUALS,
                        java.awt.Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx())));
        assertThat(bound).isEqualTo(ActionId.FONT_BIGGER.name());
        window.menuItemWithPath(Texts.get("menu.view"), Texts.get("menu.font"), Texts.get("action.font_reset")).click();
        waitFor("the default font", 5, () -> Themes.currentFontSize() == Themes.defaultFontSize());
        assertThat(before).isFalse(); // the system theme cannot be read under Xvfb: light
    }

    @Test
    void sessionsOpenWithProgressAndSaveToAFileThatReadsBackTheSame() throws Exception {
        Path file = tmp.resolve("recorded.pgwb");
        long frames;
        try (SessionStore s = SyntheticSession.create(file, 3, 20_000)) {
            frames = s.frameCount();
        }
        window.menuItemWithPath(Texts.get("menu.file"), Texts.get("action.open")).click();
        window.fileChooser().setCurrentDirectory(tmp.toFile()).selectFile(file.toFile()).approve();
        waitFor("every frame is in the timeline", 60, () -> rowCount() == frames && !main.busy());
        assertThat(window.label("statusText").text()).contains("recorded.pgwb").contains(Long.toString(frames));
        assertThat(onEdt(() -> main.getTitle())).contains("recorded.pgwb");

        filter("sqlstate:26000 & conn:2");
        waitFor("the errors of connection 2", 30, () -> rowCount() > 0 && rows().stream().allMatch(r -> r.contains("26000")));

        Path saved = tmp.resolve("copy.pgwb");
        window.menuItemWithPath(Texts.get("menu.file"), Texts.get("action.save_as")).click();
        window.fileChooser().setCurrentDirectory(tmp.toFile()).fileNameTextBox().setText(saved.toString());
        window.fileChooser().approve();
        waitFor("saved", 30, () -> !main.busy() && Files.exists(saved));
        try (SessionStore a = SessionStore.open(file); SessionStore b = SessionStore.open(saved)) {
            assertThat(b.frameCount()).isEqualTo(a.frameCount());
            assertThat(b.connections()).isEqualTo(a.connections());
            assertThat(b.frame(frames - 1)).isEqualTo(a.frame(frames - 1));
        }
        assertThat(Files.readString(tmp.resolve("config/settings.json"))).contains("copy.pgwb").contains("recorded.pgwb");

        // a file dropped on the timeline opens
        java.awt.datatransfer.Transferable dropped = new java.awt.datatransfer.Transferable() {
            @Override
            public java.awt.datatransfer.DataFlavor[] getTransferDataFlavors() {
                return new java.awt.datatransfer.DataFlavor[] {java.awt.datatransfer.DataFlavor.javaFileListFlavor};
            }

            @Override
            public boolean isDataFlavorSupported(java.awt.datatransfer.DataFlavor f) {
                return f.equals(java.awt.datatransfer.DataFlavor.javaFileListFlavor);
            }

            @Override
            public Object getTransferData(java.awt.datatransfer.DataFlavor f) {
                return List.of(saved.toFile());
            }
        };
        boolean accepted = onEdt(() -> main.timeline().getTransferHandler()
                .importData(new javax.swing.TransferHandler.TransferSupport(main.timeline(), dropped)));
        assertThat(accepted).isTrue();
        waitFor("the dropped file is shown", 30, () -> main.getTitle().contains("copy.pgwb") && !main.busy()
                && rowCount() > 0);

        // a file that is not a session is refused with a message, not a stack trace
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        onEdt(() -> javax.swing.SwingUtilities.invokeLater(() -> main.open(text)));
        window.optionPane().requireErrorMessage().requireMessage(java.util.regex.Pattern.compile(".*not a PG Wire Workbench session.*", java.util.regex.Pattern.DOTALL));
        window.optionPane().button().click();
    }
}
