package dev.pgwb.app.ui;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.screenshot;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.FlatLaf;
import dev.pgwb.app.ui.timeline.SyntheticSession;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.protocol.session.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.assertj.swing.core.Robot;
import org.assertj.swing.fixture.FrameFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox from a first-time user's point of view: one click on the start page, a demo
 * workload, the error found in the timeline. Also takes the README's screenshots
 * ({@code app/target/screenshots/}), light, dark and in Chinese.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SandboxWindowTest {
    @TempDir
    Path tmp;

    private GuiTesting.OpenedWindow opened;
    private Robot robot;
    private FrameFixture window;
    private MainWindow main;
    private final Locale originalLocale = Locale.getDefault();

    private void open(Path config) {
        opened = GuiTesting.openWindow(config, -1);
        robot = opened.robot();
        window = opened.window();
        main = opened.main();
    }

    @AfterEach
    void close() {
        try {
            if (opened != null) {
                opened.close();
            }
        } finally {
            Locale.setDefault(originalLocale);
            Texts.use(originalLocale);
            onEdt(() -> Themes.apply("light", 0));
        }
    }

    private int rowOf(String type, String text) {
        return onEdt(() -> {
            TimelineModel m = main.timelineModel();
            for (int i = 0; i < m.getRowCount(); i++) {
                if (m.getValueAt(i, TimelineModel.COL_TYPE).equals(type) && String.valueOf(m.getValueAt(i, TimelineModel.COL_SUMMARY)).contains(text)) {
                    return i;
                }
            }
            return -1;
        });
    }

    @Test
    void oneClickStartsASandboxWhoseDemoWorkloadFillsTheTimelineAndStopsCleanly() throws Exception {
        open(tmp.resolve("config"));
        robot.waitForIdle();
        screenshot(main, "start-page");
        window.button("start.SANDBOX_START").click();
        waitFor("the sandbox is running", 120, () -> main.relayPanel().sandboxRunning());
        int port = onEdt(() -> main.relayPanel().relays().get(0).port());
        assertThat(window.textBox("connectionStrings").text()).contains("postgresql://postgres@127.0.0.1:" + port + "/postgres")
                .contains("jdbc:postgresql://127.0.0.1:" + port + "/postgres").contains("psql \"postgresql://");

        window.button("sandboxDemo").click();
        waitFor("the demo is done", 60, () -> window.label("sandboxStatus").target().getText().equals(Texts.get("sandbox.demoDone")));
        waitFor("its error is in the timeline", 20, () -> rowOf("ErrorResponse", "42P01") >= 0);
        assertThat(rowOf("CopyData", "")).isNotNegative();
        assertThat(rowOf("Parse", "INSERT INTO job")).isNotNegative();

        int error = rowOf("ErrorResponse", "42P01");
        window.table("timeline").selectRows(error);
        waitFor("the error's fields", 10, () -> main.details().decoded() != null);
        onEdt(() -> main.details().fields().selectField("Message"));
        assertThat(onEdt(() -> main.details().hex().highlightedRange()[1])).isPositive();
        onEdt(() -> main.timeline().scrollRectToVisible(main.timeline().getCellRect(Math.min(error + 6, main.timeline().getRowCount() - 1), 0, true)));
        // the robot scrolled the relay panel to click its buttons; a user would see it from the top
        onEdt(() -> main.relayPanel().scrollRectToVisible(new java.awt.Rectangle(0, 0, 1, 1)));
        robot.waitForIdle();
        screenshot(main, "window-light");
        window.button("button.THEME_TOGGLE").click();
        waitFor("dark", 5, FlatLaf::isLafDark);
        onEdt(() -> main.showLeftTab(1));
        robot.waitForIdle();
        screenshot(main, "window-dark");

        onEdt(() -> main.showLeftTab(0));
        window.button("sandboxStop").click();
        waitFor("the sandbox stopped", 60, () -> !main.relayPanel().sandboxRunning()
                && window.label("sandboxStatus").target().getText().equals(Texts.get("sandbox.stopped")));
        assertThat(onEdt(() -> main.relayPanel().relays())).isEmpty();
        assertThat(new java.net.Socket()).satisfies(s -> {
            try (s) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                throw new AssertionError("the sandbox's relay still listens on " + port);
            } catch (java.io.IOException refused) {
                // stopped
            }
        });
    }

    @Test
    void inChineseEveryViewRendersCjkText() throws Exception {
        Path config = tmp.resolve("config-zh");
        Files.createDirectories(config);
        Files.writeString(config.resolve("settings.json"), "{\"language\": \"zh-CN\", \"theme\": \"light\"}");
        Path file = tmp.resolve("会话.pgwb");
        long frames;
        try (SessionStore s = SyntheticSession.create(file, 2, 600)) {
            frames = s.frameCount();
        }
        open(config);
        assertThat(main.getJMenuBar().getMenu(0).getText()).isEqualTo("文件");
        assertThat(window.button("start.SANDBOX_START").text()).isEqualTo("启动沙箱服务器");
        // every label with Chinese text can be drawn by the font it is drawn with
        assertThat(window.button("start.SANDBOX_START").target().getFont().canDisplayUpTo("启动沙箱服务器")).isEqualTo(-1);
        onEdt(() -> main.open(file));
        waitFor("the session is shown", 30, () -> main.timeline().getRowCount() == frames && !main.busy());
        int row = rowOf("DataRow", "任务");
        assertThat(row).isNotNegative();
        window.table("timeline").selectRows(row);
        waitFor("the row's fields", 10, () -> main.details().decoded() != null);
        assertThat(main.timeline().getFont().canDisplayUpTo("任务")).isEqualTo(-1);
        assertThat(main.details().hex().getFont().canDisplayUpTo("任务")).isEqualTo(-1);
        robot.waitForIdle();
        screenshot(main, "window-zh");
    }
}
