package dev.pgwb.app.ui.sequence;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.ui.GuiTesting;
import dev.pgwb.app.ui.WindowTest;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.timeline.SyntheticSession;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The diagram's connection: picked in its combo box, followed from the timeline's selection, and a live one growing. */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class SequenceConnectionsTest extends WindowTest {
    @Test
    void thePickerAndTheTimelineChooseTheConnection() throws Exception {
        Path file = tmp.resolve("three.pgwb");
        long perConnection;
        try (SessionStore s = SyntheticSession.create(file, 3, 120)) {
            perConnection = s.frames(0, s.frameCount()).stream().filter(f -> f.connectionId() == 1).count();
        }
        onEdt(() -> main.open(file));
        waitFor("the session is shown", 30, () -> !main.busy() && main.timeline().getRowCount() == 3 * perConnection);
        window.tabbedPane("centerTabs").selectTab(Texts.get("tab.sequence"));
        SequenceView view = main.sequence();
        waitFor("the first connection is drawn", 20, () -> view.model() != null && view.model().caughtUp()
                && view.model().connectionId() == 1 && view.model().rowCount() == perConnection);
        assertThat(window.comboBox("sequenceConnection").contents()).hasSize(3);

        window.comboBox("sequenceConnection").selectItem(2);
        waitFor("the third connection is drawn", 20, () -> view.model().connectionId() == 3 && view.model().caughtUp()
                && view.model().rowCount() == perConnection);

        // a message of connection 2 selected in the timeline: the diagram switches to it and selects it
        int frame = onEdt(() -> {
            for (int f = 0; f < main.timelineModel().index().count(); f++) {
                if (main.timelineModel().index().connectionId(f) == 2 && main.timelineModel().index().typeName(f).equals("Execute")) {
                    return f;
                }
            }
            return -1;
        });
        assertThat(frame).isPositive();
        onEdt(() -> main.timeline().selectFrame(frame));
        waitFor("connection 2 with its Execute selected", 20, () -> view.model().connectionId() == 2
                && view.diagram().selectedRow() >= 0 && view.model().frameIndex(view.diagram().selectedRow()) == frame);
        assertThat(window.comboBox("sequenceConnection").selectedItem()).contains("c2");
        assertThat(onEdt(() -> view.diagram().lineText(view.diagram().selectedLine()))).startsWith("Execute");
    }

    @Test
    void aLiveConnectionGrowsInTheDiagram() throws Exception {
        SessionStore live = onEdt(() -> {
            main.showLive();
            return main.shownSession();
        });
        window.tabbedPane("centerTabs").selectTab(Texts.get("tab.sequence"));
        SequenceView view = main.sequence();
        int conn = live.openConnection("127.0.0.1:50000", "127.0.0.1:5432", System.nanoTime(), "");
        for (int i = 0; i < 40; i++) {
            append(live, conn, 2L * i, Direction.FRONTEND, Encoder.encode(new Query("select " + i)));
            append(live, conn, 2L * i + 1, Direction.BACKEND, Encoder.encode(new ReadyForQuery('I')));
        }
        waitFor("the live connection is drawn", 20, () -> view.model() != null && view.model().rowCount() == 80);
        for (int i = 40; i < 80; i++) {
            append(live, conn, 2L * i, Direction.FRONTEND, Encoder.encode(new Query("select " + i)));
            append(live, conn, 2L * i + 1, Direction.BACKEND, Encoder.encode(new ReadyForQuery('I')));
        }
        waitFor("it grew", 20, () -> view.model().rowCount() == 160 && view.model().trips().size() == 80);
        // following the tail: the last line is on the screen
        waitFor("the tail is shown", 10, () -> {
            java.awt.Rectangle r = view.diagram().getVisibleRect();
            return r.y + r.height >= view.diagram().arrowY(view.model().lineCount() - 1);
        });
    }

    private static void append(SessionStore s, int conn, long seq, Direction d, byte[] bytes) {
        s.append(conn, new Frame(d, seq, System.nanoTime(), 0, FrameKind.TYPED, bytes, null), RecordedFrame.Origin.FORWARDED);
    }
}
