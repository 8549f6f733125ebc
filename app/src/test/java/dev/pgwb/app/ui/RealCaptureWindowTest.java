package dev.pgwb.app.ui;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.screenshot;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.ui.timeline.TimelineModel;
import java.awt.Dimension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Captures real clients made (protocol/src/test/resources/real) opened in the window: a FATAL the
 * server sent on its own explained in the Analysis tab, the query sent after it shown as never
 * executed with a link to that FATAL; an application's error behind PgBouncer explained by the server
 * connection and the other application that caused it.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class RealCaptureWindowTest extends WindowTest {

    private static Path capture(String name) {
        return Path.of("..", "protocol", "src", "test", "resources", "real", name + ".pcap").toAbsolutePath().normalize();
    }

    private void openCapture(Path file) {
        window.menuItemWithPath(Texts.get("menu.file"), Texts.get("action.open")).click();
        window.fileChooser().setCurrentDirectory(file.getParent().toFile()).selectFile(file.toFile()).approve();
        waitFor("the capture is open", 60, () -> !main.busy() && main.timeline().getRowCount() > 0
                && onEdt(() -> main.getTitle()).contains(file.getFileName().toString()));
    }

    /** The first timeline row whose type is {@code type} and whose summary contains {@code text}, on connection {@code conn} (0: any). */
    private int row(String type, String text, int conn) {
        return onEdt(() -> {
            TimelineModel m = main.timelineModel();
            for (int i = 0; i < m.getRowCount(); i++) {
                if (type.equals(String.valueOf(m.getValueAt(i, TimelineModel.COL_TYPE)))
                        && String.valueOf(m.getValueAt(i, TimelineModel.COL_SUMMARY)).contains(text)
                        && (conn == 0 || String.valueOf(m.getValueAt(i, TimelineModel.COL_CONN)).equals(Integer.toString(conn)))) {
                    return i;
                }
            }
            throw new AssertionError("no " + type + " row with " + text);
        });
    }

    private String showAnalysisOf(int row, String expected) {
        window.table("timeline").selectRows(row);
        waitFor("the analysis of row " + row, 30, () -> main.analysis().html().contains(expected));
        return onEdt(() -> main.analysis().html());
    }

    @Test
    void anIdleInTransactionTimeoutAndTheQueryThatNeverRan() throws Exception {
        openCapture(capture("idle-in-transaction-timeout"));
        window.tabbedPane("detailsTabs").selectTab(Texts.get("analysis.title"));
        int fatal = row("ErrorResponse", "25P03", 0);
        String html = showAnalysisOf(fatal, "idle_in_transaction_session_timeout");
        assertThat(html).contains("answers no request", "never executed").doesNotContain(Texts.get("analysis.answers"));
        screenshot(main, "real-idle-timeout");
        int query = row("Query", "SELECT 2", 0);
        html = showAnalysisOf(query, Texts.get("analysis.status.not_executed"));
        assertThat(html).contains(Texts.get("analysis.because")).contains("<a href='frame:" + fatal + "'>");
        onEdt(() -> main.setSize(new Dimension(1024, 700)));
        window.table("timeline").selectRows(fatal);
        waitFor("the FATAL again", 30, () -> main.analysis().html().contains("answers no request"));
        screenshot(main, "real-idle-timeout-1024x700");
    }

    @Test
    void inChineseAndDarkTheQueryThatNeverRanLinksTheFatal() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        Path config = tmp.resolve("config-zh-dark");
        java.nio.file.Files.createDirectories(config);
        java.nio.file.Files.writeString(config.resolve("settings.json"), "{\"language\": \"zh-CN\", \"theme\": \"dark\"}");
        try {
            open(config);
            openCapture(capture("idle-in-transaction-timeout"));
            window.tabbedPane("detailsTabs").selectTab(Texts.get("analysis.title"));
            int fatal = row("ErrorResponse", "25P03", 0);
            String html = showAnalysisOf(row("Query", "SELECT 2", 0), Texts.get("analysis.status.not_executed"));
            assertThat(Texts.get("analysis.status.not_executed")).contains("未执行");
            assertThat(html).contains(Texts.get("analysis.because")).contains("<a href='frame:" + fatal + "'>");
            screenshot(main, "real-idle-timeout-zh-dark");
        } finally {
            closeWindow();
            java.util.Locale.setDefault(before);
            Texts.use(before);
            onEdt(() -> Themes.apply("light", 0));
        }
    }

    @Test
    void anApplicationsErrorBehindPgBouncerNamesTheOtherApplicationsClose() throws Exception {
        openCapture(capture("pgbouncer-closed-by-other"));
        window.tabbedPane("detailsTabs").selectTab(Texts.get("analysis.title"));
        int error = row("ErrorResponse", "26000", 1); // application A's connection to the pooler
        String html = showAnalysisOf(error, "closed-by-other-client");
        assertThat(html).contains("pooler", "server connection", "That Close came from another application");
        screenshot(main, "real-pooler");
    }
}
