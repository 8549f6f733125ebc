package dev.pgwb.app.ui;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.screenshot;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.FrameRef;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.awt.Point;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JEditorPane;
import javax.swing.text.AttributeSet;
import javax.swing.text.Element;
import javax.swing.text.ElementIterator;
import javax.swing.text.html.HTML;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analysis tab in the real window: a {@code prepared statement "S_1" does not exist} provoked on
 * PostgreSQL 18 through a recording relay, the recording opened, the ErrorResponse selected, its
 * diagnosis read, and a link in it clicked.
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class AnalysisWindowTest extends WindowTest {
    /** Parse S_1, Close it, then Bind it: PostgreSQL answers 26000, recorded through a relay. */
    private static Path recordClosedThenBound(PgServer pg, Path file) throws Exception {
        try (SessionStore store = SessionStore.create(file)) {
            closeThenBind(pg, store);
        }
        return file;
    }

    private static void closeThenBind(PgServer pg, SessionStore store) throws Exception {
        {
            Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store);
            try {
                try (Socket s = new Socket("127.0.0.1", relay.port())) {
                    s.setSoTimeout(20_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    send(out, new StartupMessage(196608, List.of(new StartupParameter("user", PgServer.SUPERUSER),
                            new StartupParameter("database", "postgres"), new StartupParameter("application_name", "analysis-demo"))));
                    untilReady(in);
                    send(out, new Parse("S_1", "SELECT $1::int", List.of()), new Sync());
                    untilReady(in);
                    send(out, new Close('S', "S_1"), new Sync());
                    untilReady(in);
                    send(out, new Bind("", "S_1", List.of(), List.of(Bytes.ofAscii("42")), List.of()), new Execute("", 0), new Sync());
                    assertThat(untilReady(in)).contains("26000");
                    send(out, new Terminate());
                }
                long deadline = System.currentTimeMillis() + 10_000;
                while (relay.activeConnections() > 0 && System.currentTimeMillis() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(relay.awaitRecorded(10_000)).isTrue();
            } finally {
                relay.close();
            }
        }
    }

    private static void send(OutputStream out, Message... messages) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Message m : messages) {
            b.writeBytes(Encoder.encode(m));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** The SQLSTATEs of the ErrorResponses up to ReadyForQuery. */
    private static List<String> untilReady(DataInputStream in) throws IOException {
        List<String> errors = new ArrayList<>();
        while (true) {
            int type = in.read();
            if (type < 0) {
                return errors;
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (type == 'E') {
                String fields = new String(body, StandardCharsets.UTF_8);
                int c = fields.indexOf("\0C");
                errors.add(fields.substring(c + 2, fields.indexOf('\0', c + 2)));
            }
            if (type == 'Z') {
                return errors;
            }
        }
    }

    /** Where the link to {@code href} is drawn in the analysis view. */
    private static Point linkPoint(JEditorPane view, String href) throws Exception {
        return onEdt(() -> {
            ElementIterator it = new ElementIterator(view.getDocument());
            for (Element e = it.first(); e != null; e = it.next()) {
                Object a = e.getAttributes().getAttribute(HTML.Tag.A);
                if (a instanceof AttributeSet as && href.equals(as.getAttribute(HTML.Attribute.HREF))) {
                    Rectangle r = view.modelToView2D(e.getStartOffset() + 1).getBounds();
                    return new Point(r.x, r.y + r.height / 2);
                }
            }
            return null;
        });
    }

    @Test
    void anErrorResponseIsExplainedAndItsLinksSelectTheFramesTheyName(PgServer pg) throws Exception {
        Path file = recordClosedThenBound(pg, tmp.resolve("closed-then-bound.pgwb"));
        long errorIndex;
        long closeIndex;
        long closeCompleteIndex;
        try (SessionStore store = SessionStore.open(file)) {
            SessionAnalysis a = SessionAnalysis.of(store);
            Diagnosis d = a.diagnoses().stream().filter(x -> x.code().equals("26000")).findFirst().orElseThrow();
            errorIndex = a.index(d.connection(), d.seq());
            FrameRef close = d.frames().stream().filter(f -> f.role().contains("Close")).findFirst().orElseThrow();
            closeIndex = a.index(close.connection(), close.seq());
            closeCompleteIndex = a.index(close.connection(), a.frame(close.connection(), close.seq()).replies().getFirst());
        }

        onEdt(() -> main.open(file));
        waitFor("the recording is shown", 30, () -> !main.busy() && main.timeline().getRowCount() > 10);
        window.tabbedPane("detailsTabs").selectTab(Texts.get("analysis.title"));
        int row = onEdt(() -> main.timelineModel().rowOf((int) errorIndex));
        window.table("timeline").selectRows(row);
        waitFor("the diagnosis is shown", 30, () -> main.analysis().html().contains(Texts.get("analysis.diagnosis.error")));
        String html = onEdt(() -> main.analysis().html());
        assertThat(html).contains("26000").contains("S_1").contains("Close")
                .contains("href='frame:" + closeIndex + "'")
                .contains(Texts.get("analysis.advice"))
                .contains(Texts.get("analysis.summary", main.details().frame().connectionId()));
        assertThat(html).contains(Texts.get("analysis.answers")); // the error answers the Bind
        // the explanation's frame numbers are the timeline's, and links
        assertThat(html).contains("the Close at <a href='frame:" + closeIndex + "'>#" + (closeIndex + 1) + "</a>");

        // more room for the tab in the picture: the diagnosis and the pairing below it
        javax.swing.JSplitPane details = robot.finder().findByName(main, "detailSplit", javax.swing.JSplitPane.class, false);
        onEdt(() -> details.setDividerLocation(0.42));
        onEdt(() -> main.timeline().scrollRectToVisible(main.timeline().getCellRect(row, 0, true)));
        robot.waitForIdle();
        screenshot(main, "window-diagnosis");

        // a click on the link to the Close selects it in the timeline, and the tab follows
        JEditorPane view = (JEditorPane) window.textBox("analysisView").target();
        Point at = linkPoint(view, "frame:" + closeIndex);
        assertThat(at).as("the Close link is drawn").isNotNull();
        onEdt(() -> view.scrollRectToVisible(new Rectangle(at.x, at.y - 10, 10, 20)));
        robot.waitForIdle();
        robot.click(view, linkPoint(view, "frame:" + closeIndex));
        waitFor("the Close is selected", 10, () -> main.details().frame() != null && main.details().frame().index() == closeIndex);
        assertThat(window.label("detailsHeader").text()).contains("Close");
        waitFor("the Close's pairing is shown", 10, () -> main.analysis().html().contains("CloseComplete"));
        // select a request, see its reply marked in the timeline
        waitFor("the CloseComplete is marked in the timeline", 10, () -> main.timeline().isRelated(closeCompleteIndex));
        assertThat(onEdt(() -> main.analysis().highlighted())).containsExactly(closeCompleteIndex);
        assertThat(onEdt(() -> main.analysis().html())).contains(Texts.get("analysis.status.done"))
                .doesNotContain(Texts.get("analysis.diagnosis.error"));
        // at the Close, S_1 still exists: this message ends it
        assertThat(onEdt(() -> main.analysis().html())).contains("<code>S_1</code>")
                .contains(Texts.get("analysis.endsHere", "Close"));
        robot.waitForIdle();
        screenshot(main, "window-analysis-close");
    }

    @Test
    void aLiveSessionIsAnalysedAgainAfterItGrew(PgServer pg) throws Exception {
        SessionStore live = onEdt(() -> {
            main.showLive();
            return main.shownSession();
        });
        window.tabbedPane("detailsTabs").selectTab(Texts.get("analysis.title"));
        waitFor("the empty session is analysed", 10, () -> !main.analysis().busy());
        closeThenBind(pg, live);
        waitFor("the error reached the timeline", 20, () -> main.timelineModel().getRowCount() > 10
                && main.timelineModel().index().count() == live.frameCount());
        long errorIndex = onEdt(() -> {
            for (int f = 0; f < main.timelineModel().index().count(); f++) {
                if (main.timelineModel().index().isError(f)) {
                    return (long) f;
                }
            }
            return -1L;
        });
        assertThat(errorIndex).isPositive();
        onEdt(() -> main.timeline().selectFrame((int) errorIndex));
        waitFor("the grown session is analysed and the error explained", 30,
                () -> main.analysis().html().contains(Texts.get("analysis.diagnosis.error")));
        assertThat(onEdt(() -> main.analysis().html())).contains("26000").contains("closed-by-close");
    }
}
