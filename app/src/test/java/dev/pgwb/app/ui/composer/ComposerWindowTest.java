package dev.pgwb.app.ui.composer;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.screenshot;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.ui.ActionId;
import dev.pgwb.app.ui.GuiTesting;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.WindowTest;
import dev.pgwb.app.ui.timeline.TimelineIndex;
import dev.pgwb.protocol.client.Script;
import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.OlderPostgres;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.wire.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.FrameFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The composer in the real workbench against PostgreSQL 18: a library scenario run from the
 * browser with its 26000 diagnosed, step mode, a pgJDBC Bind sent from the main timeline and sent
 * again byte for byte, and "Test connection" on success and on a wrong password.
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class ComposerWindowTest extends WindowTest {
    private static String uri(PgServer pg, String user) {
        return "postgresql://" + user + "@" + pg.host() + ":" + pg.port() + "/postgres?sslmode=disable";
    }

    /** The composer window the workbench opened last, as a fixture, at a known place and size. */
    private FrameFixture composer(int number) {
        FrameFixture f = WindowFinder.findFrame("composer." + number).withTimeout(10_000).using(robot);
        onEdt(() -> f.target().setBounds(0, 0, 1280, 900));
        // The X server moves the window later than Swing thinks it did: clicks aimed before it has
        // would land beside their buttons. Flush the request and wait until the window is there.
        java.awt.Toolkit.getDefaultToolkit().sync();
        robot.waitForIdle();
        waitFor("the composer is at the top left, 1280×900", 10, () -> f.target().isShowing()
                && f.target().getLocationOnScreen().equals(new java.awt.Point(0, 0)) && f.target().getWidth() == 1280);
        robot.waitForIdle();
        return f;
    }

    private ComposerWindow target(FrameFixture f) {
        return (ComposerWindow) f.target();
    }

    /** Type names of the composer run's frames in one direction, once the timeline has indexed them all. */
    private static List<String> types(ComposerWindow c, Direction d) {
        return onEdt(() -> {
            List<String> out = new ArrayList<>();
            TimelineIndex ix = c.timelineModel().index();
            for (int f = 0; ix != null && f < ix.count(); f++) {
                if (ix.direction(f) == d) {
                    out.add(ix.typeName(f));
                }
            }
            return out;
        });
    }

    private static boolean indexed(ComposerWindow c) {
        SessionStore s = c.runStore();
        return s != null && c.timelineModel().index() != null && c.timelineModel().index().count() == s.frameCount();
    }

    @Test
    void scenarioThirteenOnPostgres15IsNotApplicableNeitherPassedNorFailed(@OlderPostgres PgServer pg15) throws Exception {
        window.button("start.OPEN_SCENARIO").click();
        FrameFixture composer = composer(1);
        ComposerWindow c = target(composer);
        assertThat(onEdt(() -> c.scenarios().select("13-protocol-3-2"))).isTrue();
        assertThat(composer.textBox("scenarioAbout").text()).contains(Texts.get("composer.scenarios.requires")).contains("PostgreSQL 18");
        composer.button("scenarioOpen").click();
        assertThat(composer.label("scenarioNote").text()).contains("PostgreSQL 18");
        composer.textBox("connUri").setText(uri(pg15, PgServer.SUPERUSER));

        composer.button("button.COMPOSER_RUN").click();
        waitFor("the run ended", 30, () -> c.state() != ComposerWindow.State.RUNNING && c.state() != ComposerWindow.State.IDLE);
        assertThat(c.state()).as(onEdt(c::statusText)).isEqualTo(ComposerWindow.State.NOT_APPLICABLE);
        assertThat(composer.label("composerStatus").text()).startsWith("⊘").contains("PostgreSQL 18 or newer")
                .contains("the server is 15.");
        waitFor("every message is in the composer's timeline", 20, () -> indexed(c));
        assertThat(types(c, Direction.FRONTEND)).as("the run stopped politely on its first connection").endsWith("Terminate");
        robot.waitForIdle();
        screenshot(c, "composer-not-applicable");
    }

    @Test
    void scenarioSixFromTheBrowserFailsWith26000AndTheAnalysisExplainsIt(PgServer pg) throws Exception {
        window.button("start.OPEN_SCENARIO").click();
        FrameFixture composer = composer(1);
        ComposerWindow c = target(composer);
        assertThat(onEdt(() -> c.scenarios().select("06-close-then-bind"))).isTrue();
        assertThat(composer.textBox("scenarioAbout").text()).contains("Close of a prepared statement takes effect at once");
        composer.button("scenarioOpen").click();
        assertThat(onEdt(() -> c.editor().getText())).contains("close statement S_1").contains("bind \"\" S_1");
        assertThat(composer.target().getTitle()).startsWith("06-close-then-bind.pgws");
        composer.textBox("connUri").setText(uri(pg, PgServer.SUPERUSER));
        assertThat(composer.textBox("connPort").text()).isEqualTo(Integer.toString(pg.port()));
        assertThat(composer.comboBox("connSslMode").selectedItem()).isEqualTo("disable");

        composer.button("button.COMPOSER_RUN").click();
        waitFor("the run ended", 30, () -> c.state() != ComposerWindow.State.RUNNING && c.state() != ComposerWindow.State.IDLE);
        assertThat(c.state()).as(onEdt(c::statusText)).isEqualTo(ComposerWindow.State.PASSED);
        waitFor("every message is in the composer's timeline", 20, () -> indexed(c));
        assertThat(types(c, Direction.FRONTEND)).containsSubsequence("Parse", "Close", "Bind", "Execute", "Sync");
        assertThat(types(c, Direction.BACKEND)).containsSubsequence("ParseComplete", "CloseComplete", "ErrorResponse", "ReadyForQuery");

        int errorRow = onEdt(() -> {
            TimelineIndex ix = c.timelineModel().index();
            for (int f = 0; f < ix.count(); f++) {
                if (ix.isError(f)) {
                    return c.timelineModel().rowOf(f);
                }
            }
            return -1;
        });
        assertThat(errorRow).isNotNegative();
        composer.table("timeline").selectRows(errorRow);
        waitFor("the error's details are shown", 10, () -> c.details().decoded() != null);
        assertThat(composer.label("detailsHeader").text()).contains("ErrorResponse");
        composer.tabbedPane("detailsTabs").selectTab(Texts.get("analysis.title"));
        waitFor("the diagnosis is shown", 30, () -> c.analysis().html().contains(Texts.get("analysis.diagnosis.error")));
        assertThat(onEdt(() -> c.analysis().html())).contains("26000").contains("S_1").contains("closed by the Close");

        // the same run as a sequence diagram: its connection, the error marked
        composer.tabbedPane("composerResults").selectTab(Texts.get("tab.sequence"));
        waitFor("the diagram shows the run's connection", 10, () -> c.sequence().model() != null
                && c.sequence().model().store() == c.runStore() && c.sequence().model().connectionId() == 1);
        robot.waitForIdle();
        screenshot(c, "composer-sequence");
        composer.tabbedPane("composerResults").selectTab(Texts.get("composer.results.messages"));

        robot.waitForIdle();
        screenshot(c, "composer-light");
        onEdt(() -> main.actions().get(ActionId.THEME_DARK).actionPerformed(null));
        robot.waitForIdle();
        // the new theme renders the analysis again: back to its top, the diagnosis, for the picture
        javax.swing.JEditorPane analysisView = robot.finder().findByName(c, "analysisView", javax.swing.JEditorPane.class, true);
        onEdt(() -> analysisView.scrollRectToVisible(new java.awt.Rectangle(0, 0, 1, 1)));
        robot.waitForIdle();
        screenshot(c, "composer-dark");
        onEdt(() -> main.actions().get(ActionId.THEME_LIGHT).actionPerformed(null));

        // the run's recording kept as a session file, the same frames
        Path kept = tmp.resolve("scenario-6.pgwb");
        onEdt(() -> c.saveRecording(kept));
        waitFor("the recording is saved", 10, () -> c.statusText().contains("scenario-6.pgwb"));
        try (SessionStore reopened = SessionStore.open(kept)) {
            assertThat(reopened.frameCount()).isEqualTo(c.runStore().frameCount());
        }
    }

    @Test
    void stepSendsOneLinePerClickWithTheNextLineHighlightedAndStopSaysTerminate(PgServer pg) throws Exception {
        onEdt(() -> main.actions().get(ActionId.NEW_COMPOSER).actionPerformed(null));
        FrameFixture composer = composer(1);
        ComposerWindow c = target(composer);
        onEdt(() -> c.editor().setText("""
                # two messages, then the rest
                parse S_step "select $1::int * 2" types=(int4)
                bind "" S_step params=(21)
                execute ""
                sync
                expect ParseComplete
                """));
        composer.textBox("connUri").setText(uri(pg, PgServer.SUPERUSER));

        composer.button("button.COMPOSER_STEP").click();
        waitFor("paused before line 3", 30, () -> c.state() == ComposerWindow.State.PAUSED && c.highlightedLine() == 3);
        waitFor("the Parse is recorded", 10, () -> indexed(c) && types(c, Direction.FRONTEND).contains("Parse"));
        assertThat(types(c, Direction.FRONTEND)).containsExactly("StartupMessage", "Parse");
        assertThat(onEdt(() -> c.editor().highlightedLine())).isEqualTo(3);
        assertThat(composer.label("composerStatus").text()).contains("3").contains("bind");

        composer.button("button.COMPOSER_STEP").click();
        waitFor("paused before line 4", 30, () -> c.state() == ComposerWindow.State.PAUSED && c.highlightedLine() == 4);
        waitFor("the Bind is recorded", 10, () -> indexed(c) && types(c, Direction.FRONTEND).contains("Bind"));
        assertThat(types(c, Direction.FRONTEND)).containsExactly("StartupMessage", "Parse", "Bind");
        assertThat(onEdt(() -> c.editor().highlightedLine())).isEqualTo(4);
        robot.waitForIdle();
        screenshot(c, "composer-step");
        // nothing answers before Sync or Flush: the server only buffered them
        assertThat(types(c, Direction.BACKEND)).doesNotContain("ParseComplete", "BindComplete");

        composer.button("button.COMPOSER_STOP").click();
        waitFor("stopped", 20, () -> c.state() == ComposerWindow.State.STOPPED);
        assertThat(c.highlightedLine()).isZero();
        assertThat(onEdt(() -> c.editor().highlightedLine())).isZero();
        waitFor("the Terminate is recorded", 10, () -> indexed(c) && types(c, Direction.FRONTEND).contains("Terminate"));
        assertThat(types(c, Direction.FRONTEND)).containsExactly("StartupMessage", "Parse", "Bind", "Terminate");
        waitFor("the connection is recorded as closed", 10, () -> !c.runStore().connections().get(0).isOpen());
        assertThat(composer.button("button.COMPOSER_RUN").isEnabled()).isTrue();
    }

    @Test
    void aPgJdbcBindSentFromTheMainTimelineBecomesAScriptLineThatSendsTheSameBytes(PgServer pg) throws Exception {
        window.button("start.NEW_RELAY").click();
        window.textBox("relayListen").setText("127.0.0.1:0");
        window.comboBox("relayUpstream").replaceText(pg.host() + ":" + pg.port());
        window.button("relayStart").click();
        waitFor("the relay is running", 20, () -> main.relayPanel().relays().size() == 1);
        Relay relay = onEdt(() -> main.relayPanel().relays().get(0));
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.setProperty("sslmode", "disable");
        p.setProperty("prepareThreshold", "1");
        try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres", p);
             PreparedStatement ps = conn.prepareStatement("SELECT ?::int + 1 AS answer")) {
            ps.setInt(1, 41);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        SessionStore live = onEdt(main::shownSession);
        waitFor("the timeline has indexed the run", 20, () -> main.timelineModel().index() != null
                && main.timelineModel().index().count() == live.frameCount() && live.frameCount() > 10);

        // the Parse of the prepared statement and the frontend messages after it, up to its Sync
        int[] frames = onEdt(() -> {
            TimelineIndex ix = main.timelineModel().index();
            List<Integer> out = new ArrayList<>();
            for (int f = 0; f < ix.count(); f++) {
                if (ix.direction(f) != Direction.FRONTEND) {
                    continue;
                }
                if (out.isEmpty() && main.timelineModel().decoded(f).message() instanceof Parse parse
                        && parse.query().contains("$1::int + 1")) {
                    out.add(f);
                } else if (!out.isEmpty()) {
                    out.add(f);
                    if (ix.typeName(f).equals("Sync")) {
                        break;
                    }
                }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        });
        int bindFrame = Arrays.stream(frames).filter(f -> onEdt(() -> main.timelineModel().index().typeName(f)).equals("Bind"))
                .findFirst().orElseThrow();
        Bind original = (Bind) onEdt(() -> main.timelineModel().decoded(bindFrame).message());
        byte[] originalBytes = live.frame(bindFrame).frame().bytes();
        onEdt(() -> {
            main.timeline().clearSelection();
            for (int f : frames) {
                int row = main.timelineModel().rowOf(f);
                main.timeline().addRowSelectionInterval(row, row);
            }
        });
        int bindRow = onEdt(() -> main.timelineModel().rowOf(bindFrame));
        window.table("timeline").showPopupMenuAt(org.assertj.swing.data.TableCell.row(bindRow).column(5))
                .menuItem("menu.SEND_TO_COMPOSER").click();

        FrameFixture composer = composer(1);
        ComposerWindow c = target(composer);
        String text = onEdt(() -> c.editor().getText());
        String bindLine = text.lines().filter(l -> l.startsWith("bind ")).findFirst().orElseThrow();
        assertThat(bindLine).contains(original.statement());
        Script parsed = ScriptParser.parse(bindLine);
        assertThat(parsed.steps()).singleElement().satisfies(s -> assertThat(s.command()).isEqualTo("bind"));
        assertThat(text.lines().filter(l -> !l.isBlank()).toList()).hasSize(frames.length);

        // sent again from the composer through the same relay, the Bind carries exactly the recorded bytes
        composer.textBox("connUri").setText(uri(pg, PgServer.SUPERUSER));
        onEdt(() -> c.connection().useRelay(relay));
        assertThat(composer.comboBox("connRoute").selectedItem()).contains(Integer.toString(relay.port()));
        int liveConnections = live.connections().size();
        composer.button("button.COMPOSER_RUN").click();
        waitFor("the run passed", 30, () -> c.state() == ComposerWindow.State.PASSED);
        waitFor("the composer's timeline has it all", 20, () -> indexed(c));
        byte[] resent = onEdt(() -> {
            TimelineIndex ix = c.timelineModel().index();
            for (int f = 0; f < ix.count(); f++) {
                if (ix.typeName(f).equals("Bind")) {
                    return c.runStore().frame(f).frame().bytes();
                }
            }
            return null;
        });
        assertThat(resent).isEqualTo(originalBytes);
        assertThat(types(c, Direction.BACKEND)).contains("BindComplete", "DataRow");
        // and the run shows in the main window's live timeline too, as a connection of its own
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        waitFor("the relayed run is in the live session", 20, () -> live.connections().size() == liveConnections + 1
                && main.timelineModel().index().count() == live.frameCount());
        long bindsInLive = onEdt(() -> {
            TimelineIndex ix = main.timelineModel().index();
            long n = 0;
            for (int f = 0; f < ix.count(); f++) {
                if (ix.typeName(f).equals("Bind") && Arrays.equals(live.frame(f).frame().bytes(), originalBytes)) {
                    n++;
                }
            }
            return n;
        });
        assertThat(bindsInLive).isEqualTo(2);
    }

    @Test
    void testConnectionSaysTheServerVersionOrTheWrongPasswordsSqlState(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS composer_pw", "CREATE ROLE composer_pw LOGIN PASSWORD 'right horse'");
        pg.setHba(List.of("host all composer_pw 127.0.0.1/32 scram-sha-256"));
        try {
            onEdt(() -> main.actions().get(ActionId.NEW_COMPOSER).actionPerformed(null));
            FrameFixture composer = composer(1);
            ComposerWindow c = target(composer);
            composer.textBox("connUri").setText(uri(pg, "composer_pw"));
            assertThat(composer.textBox("connUser").text()).isEqualTo("composer_pw");
            composer.textBox("connPassword").setText("right horse");
            composer.button("connTest").click();
            waitFor("the test succeeded", 30, () -> c.connection().testResult().startsWith("✔"));
            assertThat(composer.label("connTestResult").text()).contains("PostgreSQL 18").contains("composer_pw").contains("postgres");

            composer.textBox("connPassword").setText("wrong horse");
            composer.button("connTest").click();
            waitFor("the test failed", 30, () -> c.connection().testResult().startsWith("✘"));
            assertThat(composer.label("connTestResult").text()).contains("28P01")
                    .contains("password authentication failed for user \"composer_pw\"");
            // the password is kept nowhere
            onEdt(() -> main.settingsChanged());
            // the target is remembered, without its password
            assertThat(Files.readString(tmp.resolve("config").resolve("settings.json"))).doesNotContain("horse")
                    .contains("postgresql://composer_pw@" + pg.host() + ":" + pg.port() + "/postgres?sslmode=disable");
            assertThat(composer.comboBox("connRecent").contents()).hasSize(1);
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void scriptsSaveAndOpenWithADirtyMarkerAndAQuestionBeforeChangesAreDropped() throws Exception {
        onEdt(() -> main.actions().get(ActionId.NEW_COMPOSER).actionPerformed(null));
        FrameFixture composer = composer(1);
        ComposerWindow c = target(composer);
        onEdt(() -> c.editor().setText("query \"select 1\"\n"));
        waitFor("the title says unsaved", 5, () -> c.getTitle().startsWith("• "));
        Path file = tmp.resolve("mine.pgws");
        assertThat(onEdt(() -> c.saveTo(file))).isTrue();
        assertThat(Files.readString(file)).isEqualTo("query \"select 1\"\n");
        waitFor("the title says saved", 5, () -> c.getTitle().startsWith("mine.pgws"));

        // a change, then a scenario: the composer asks first; "No" drops the change
        onEdt(() -> c.editor().textArea().append("sync\n"));
        assertThat(onEdt(c::isDirty)).isTrue();
        assertThat(onEdt(() -> c.scenarios().select("03-wrong-password"))).isTrue();
        composer.button("scenarioOpen").click();
        org.assertj.swing.fixture.JOptionPaneFixture question = composer.optionPane();
        assertThat(question.target().getMessage().toString()).contains("mine.pgws");
        question.noButton().click();
        waitFor("the scenario is loaded", 5, () -> c.editor().getText().contains("auth password="));
        // its connection needs are said above the script
        assertThat(composer.label("scenarioNote").target().isShowing()).isTrue();
        assertThat(composer.label("scenarioNote").text()).contains("pg_hba");
        assertThat(onEdt(c::isDirty)).isFalse();

        onEdt(() -> c.open(file));
        waitFor("the file is loaded again", 5, () -> c.editor().getText().equals("query \"select 1\"\n"));
        javax.swing.JLabel note = robot.finder().findByName(c, "scenarioNote", javax.swing.JLabel.class, false);
        assertThat(onEdt(note::isShowing)).isFalse();
    }

    @Test
    void stopDuringAQueryReturnsAtOnceWithoutWaitingForTheServer(PgServer pg) throws Exception {
        onEdt(() -> main.actions().get(ActionId.NEW_COMPOSER).actionPerformed(null));
        FrameFixture composer = composer(1);
        ComposerWindow c = target(composer);
        onEdt(() -> c.editor().setText("query \"select pg_sleep(3)\"\nawait ReadyForQuery\nquery \"select 'never sent'\"\n"));
        composer.textBox("connUri").setText(uri(pg, PgServer.SUPERUSER));
        composer.button("button.COMPOSER_RUN").click();
        waitFor("the query is sent", 20, () -> indexed(c) && types(c, Direction.FRONTEND).contains("Query"));
        assertThat(composer.button("button.COMPOSER_RUN").isEnabled()).isFalse();
        long before = System.nanoTime();
        composer.button("button.COMPOSER_STOP").click();
        waitFor("stopped", 5, () -> c.state() == ComposerWindow.State.STOPPED);
        assertThat((System.nanoTime() - before) / 1_000_000).as("ms to stop").isLessThan(2_500);
        waitFor("the Terminate is recorded", 10, () -> indexed(c) && types(c, Direction.FRONTEND).contains("Terminate"));
        // the running statement is cancelled (on a connection of its own), then the session says goodbye
        assertThat(types(c, Direction.FRONTEND)).containsExactly("StartupMessage", "Query", "CancelRequest", "Terminate");
        assertThat(composer.button("button.COMPOSER_RUN").isEnabled()).isTrue();
    }

    @Test
    void inChineseTheComposerSaysEverythingInTheBundlesWords(PgServer pg) throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            Path config = tmp.resolve("config-zh");
            Files.createDirectories(config);
            Files.writeString(config.resolve("settings.json"), "{\"language\": \"zh-CN\", \"theme\": \"light\"}");
            open(config);
            window.button("start.OPEN_SCENARIO").click();
            FrameFixture composer = composer(1);
            ComposerWindow c = target(composer);
            assertThat(c.getTitle()).contains("编排器 1");
            assertThat(composer.button("button.COMPOSER_RUN").text()).isEqualTo("全部运行");
            assertThat(composer.button("connTest").text()).isEqualTo("测试连接");
            assertThat(composer.button("connTest").target().getFont().canDisplayUpTo("测试连接")).isEqualTo(-1);
            onEdt(() -> c.scenarios().select("06-close-then-bind"));
            composer.button("scenarioOpen").click();
            composer.textBox("connUri").setText(uri(pg, PgServer.SUPERUSER));
            composer.button("button.COMPOSER_RUN").click();
            waitFor("the run passed", 30, () -> c.state() == ComposerWindow.State.PASSED);
            assertThat(composer.label("composerStatus").text()).startsWith("✔ 通过");
            robot.waitForIdle();
            screenshot(c, "composer-zh");
        } finally {
            java.util.Locale.setDefault(before);
            Texts.use(before);
        }
    }
}
