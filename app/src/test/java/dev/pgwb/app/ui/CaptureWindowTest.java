package dev.pgwb.app.ui;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.export.ExportFormat;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.protocol.capture.CaptureImport;
import dev.pgwb.protocol.capture.SessionToPcapng;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.testing.RecordedWorkload;
import dev.pgwb.protocol.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Captures in the window: File → Open of a pcapng, File → Export to pcapng and a script, read back. */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class CaptureWindowTest extends WindowTest {
    private int rowCount() {
        return onEdt(() -> main.timeline().getRowCount());
    }

    private List<String> types() {
        return onEdt(() -> {
            TimelineModel m = main.timelineModel();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < m.getRowCount(); i++) {
                out.add(String.valueOf(m.getValueAt(i, TimelineModel.COL_TYPE)));
            }
            return out;
        });
    }

    @Test
    void aPcapngOpensFromTheFileMenuAndExportsBack(PgServer pg) throws Exception {
        Path session = RecordedWorkload.record(pg, tmp, "workload.pgwb");
        Path capture = tmp.resolve("workload.pcapng");
        long frames;
        try (SessionStore s = SessionStore.open(session)) {
            SessionToPcapng.write(s, capture, SessionToPcapng.Options.defaults(), n -> { }, () -> false);
            frames = s.frameCount() - 2; // the TLS connection's SSLRequest and 'S' are a comment in the capture
        }

        window.menuItemWithPath(Texts.get("menu.file"), Texts.get("action.open")).click();
        window.fileChooser().setCurrentDirectory(tmp.toFile()).selectFile(capture.toFile()).approve();
        waitFor("the capture's messages are in the timeline", 60, () -> rowCount() == frames && !main.busy());
        assertThat(onEdt(() -> main.getTitle())).contains("workload.pcapng");
        assertThat(window.label("statusText").text()).contains("workload.pcapng").contains(Long.toString(frames));
        assertThat(types()).contains("ErrorResponse", "NotificationResponse", "CopyInResponse", "StartupMessage");

        // File → Export…, pcapng (the default filter), read back by the import and by tshark
        Path exported = tmp.resolve("again.pcapng");
        window.menuItemWithPath(Texts.get("menu.file"), Texts.get("action.export")).click();
        window.fileChooser().setCurrentDirectory(tmp.toFile()).fileNameTextBox().setText(exported.toString());
        window.fileChooser().approve();
        waitFor("exported", 30, () -> !main.busy() && Files.exists(exported));
        assertThat(window.label("statusText").text()).contains("again.pcapng");
        try (SessionStore back = SessionStore.createTemporary()) {
            CaptureImport.Result r = CaptureImport.importInto(exported, back, CaptureImport.Options.defaults());
            assertThat(r.connections()).isEqualTo(2);
            assertThat(back.frameCount()).isEqualTo(frames);
            try (SessionStore shown = SessionStore.open(session)) {
                assertThat(back.frame(frames - 1).frame().bytes()).isEqualTo(shown.frame(shown.frameCount() - 1).frame().bytes());
            }
        }
        assertThat(Tshark.read(exported, "-Y", "pgsql.type == \"Error\"", "-T", "fields", "-e", "pgsql.code")).containsExactly("22012");

        // a script needs one connection: the selected message's
        int errorRow = types().indexOf("ErrorResponse");
        window.table("timeline").selectRows(errorRow);
        waitFor("the error is selected", 10, () -> main.details().decoded() != null);
        Path script = tmp.resolve("c1.pgws");
        onEdt(() -> main.export(script, ExportFormat.PGWS));
        waitFor("the script is written", 30, () -> !main.busy() && Files.exists(script));
        assertThat(Files.readString(script)).contains("connection 1").contains("parse ").contains("copydata ")
                .doesNotContain("startup");
    }

    @Test
    void aLongImportShowsItsProgressAndStopsWhenCancelled() throws Exception {
        Path capture = tmp.resolve("big.pcapng");
        try (SessionStore s = dev.pgwb.app.ui.timeline.SyntheticSession.create(tmp.resolve("big.pgwb"), 4, 100_000)) {
            SessionToPcapng.write(s, capture, SessionToPcapng.Options.defaults(), n -> { }, () -> false);
        }
        onEdt(() -> main.open(capture));
        waitFor("the import is under way", 10, () -> main.busy()
                && window.label("statusText").text().contains(Texts.get("status.importing", "big.pcapng")));
        window.button("loadCancel").click();
        waitFor("cancelled", 30, () -> !main.busy());
        assertThat(window.label("statusText").text()).isEqualTo(Texts.get("status.cancelled"));
        assertThat(onEdt(() -> main.shownSession())).isNull();
    }
}
