package dev.pgwb.app.ui.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.RoundTrip;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagram's model on a real recording (pgJDBC through the relay, PostgreSQL 18): one line per
 * message with the DataRow run folded, round trips as the conversation analysis found them, the
 * failing Parse's pipeline marked failed and skipped until Sync.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SequenceModelTest {
    @TempDir
    Path tmp;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10); // a background indexer, no EDT involved
        }
    }

    private static List<String> types(SequenceModel m) {
        List<String> t = new ArrayList<>();
        for (int r = 0; r < m.rowCount(); r++) {
            t.add(m.typeName(r));
        }
        return t;
    }

    @Test
    void linesRoundTripsErrorsAndSkippedMessagesOfARecordedPipeline(PgServer pg) throws Exception {
        Path file = RecordedPipeline.record(pg, tmp.resolve("pipeline.pgwb"));
        try (SessionStore store = SessionStore.open(file);
             SequenceModel m = new SequenceModel(store, 1).start()) {
            await("the connection is read", () -> m.caughtUp());
            long frames = store.frames(0, store.frameCount()).stream().filter(f -> f.connectionId() == 1).count();
            assertThat(m.rowCount()).isEqualTo((int) frames);

            // one line per message, a run of DataRows folded into one line
            List<String> types = types(m);
            int dataRows = (int) types.stream().filter("DataRow"::equals).count();
            assertThat(dataRows).isGreaterThanOrEqualTo(RecordedPipeline.ROWS);
            int runLine = -1;
            int folded = 0;
            for (int line = 0; line < m.lineCount(); line++) {
                folded += m.lineSize(line) - 1;
                if (m.lineSize(line) == RecordedPipeline.ROWS) {
                    runLine = line;
                }
                if (m.lineSize(line) > 1) {
                    for (int r = m.lineFirstRow(line); r < m.lineFirstRow(line) + m.lineSize(line); r++) {
                        assertThat(m.typeName(r)).isEqualTo("DataRow");
                    }
                }
            }
            assertThat(runLine).as("the 120 rows are one line").isPositive();
            assertThat(m.lineCount()).isEqualTo(m.rowCount() - folded);
            assertThat(m.lineCount()).isLessThan(m.rowCount() - RecordedPipeline.ROWS + 2);
            assertThat(m.typeName(m.lineFirstRow(runLine - 1))).isEqualTo("RowDescription");

            // expanding shows each DataRow; folding gives the one line back
            int before = m.lineCount();
            m.setExpanded(runLine, true);
            assertThat(m.lineCount()).isEqualTo(before + RecordedPipeline.ROWS - 1);
            assertThat(m.isExpanded(runLine)).isTrue();
            m.setExpanded(runLine, false);
            assertThat(m.lineCount()).isEqualTo(before);

            // round trips: as the analysis found them, from a request to a ReadyForQuery
            SessionAnalysis a = SessionAnalysis.of(store);
            List<RoundTrip> expected = a.conversation(1).orElseThrow().roundTrips();
            assertThat(m.trips()).hasSameSizeAs(expected).isNotEmpty();
            for (int i = 0; i < expected.size(); i++) {
                SequenceModel.Trip t = m.trips().get(i);
                assertThat(m.rowOfSeq(expected.get(i).firstSeq())).isEqualTo(t.firstRow());
                assertThat(m.typeName(t.readyRow())).isEqualTo("ReadyForQuery");
                assertThat(m.isBackend(t.firstRow())).isFalse();
            }
            // every Query and Sync is inside the round trip that its ReadyForQuery ends
            for (int r = 0; r < m.rowCount(); r++) {
                if (Set.of("Query", "Sync").contains(m.typeName(r))) {
                    SequenceModel.Trip t = m.tripOf(r);
                    assertThat(t).as("round trip of row " + r + " " + m.typeName(r)).isNotNull();
                    assertThat(t.firstRow()).isLessThanOrEqualTo(r);
                    for (int k = r + 1; k < t.readyRow(); k++) {
                        assertThat(m.typeName(k)).as("nothing but replies between the Sync and its ReadyForQuery")
                                .isNotIn("Sync", "Query");
                    }
                }
            }

            // the failing Parse: its ErrorResponse marked, what followed skipped until the Sync
            int error = types.indexOf("ErrorResponse");
            assertThat(error).isPositive();
            assertThat(m.flags(error) & SequenceModel.FLAG_ERROR).isNotZero();
            int parse = types.subList(0, error).lastIndexOf("Parse");
            int sync = types.subList(0, error).lastIndexOf("Sync");
            assertThat(parse).isPositive().isLessThan(sync);
            assertThat(m.flags(parse) & SequenceModel.FLAG_FAILED).isNotZero();
            List<String> skipped = new ArrayList<>();
            for (int r = parse + 1; r < sync; r++) {
                assertThat(m.flags(r) & SequenceModel.FLAG_SKIPPED).as(m.typeName(r) + " is skipped").isNotZero();
                assertThat(a.frame(1, m.seq(r)).status()).isEqualTo(Request.Status.SKIPPED);
                skipped.add(m.typeName(r));
            }
            assertThat(skipped).contains("Bind", "Execute");
            assertThat(m.flags(sync) & SequenceModel.FLAG_SKIPPED).isZero();
            assertThat(m.typeName(error + 1)).isEqualTo("ReadyForQuery");
            assertThat(types).contains("NoticeResponse");
            assertThat(m.flags(types.indexOf("NoticeResponse")) & SequenceModel.FLAG_NOTICE).isNotZero();

            // a line's message decoded on demand, from the state frozen for it
            assertThat(m.decoded(parse).typeName()).isEqualTo("Parse");
            assertThat(m.decoded(types.indexOf("RowDescription")).message()).isInstanceOf(RowDescription.class);
            assertThat(m.rowOfFrame(m.frameIndex(error))).isEqualTo(error);
        }
    }

    @Test
    void aLiveStoreKeepsGrowingTheDiagram() throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            int conn = store.openConnection("127.0.0.1:50000", "127.0.0.1:5432", 0, "");
            append(store, conn, 0, Direction.FRONTEND, Encoder.encode(new Query("select 1")));
            try (SequenceModel m = new SequenceModel(store, conn).start()) {
                await("the first message", () -> m.rowCount() == 1);
                append(store, conn, 1, Direction.BACKEND, Encoder.encode(new ReadyForQuery('I')));
                await("the reply", () -> m.rowCount() == 2 && m.trips().size() == 1);
                assertThat(m.trips().getFirst().firstRow()).isZero();
                assertThat(m.trips().getFirst().readyRow()).isEqualTo(1);
                int other = store.openConnection("127.0.0.1:50001", "127.0.0.1:5432", 0, "");
                append(store, other, 0, Direction.FRONTEND, Encoder.encode(new Query("select 2")));
                await("the other connection's frame is gone through", () -> m.caughtUp());
                assertThat(m.rowCount()).as("another connection's frames are not this diagram's").isEqualTo(2);
            }
        }
    }

    private static void append(SessionStore s, int conn, long seq, Direction d, byte[] bytes) {
        s.append(conn, new Frame(d, seq, System.nanoTime(), 0, FrameKind.TYPED, bytes, null), RecordedFrame.Origin.FORWARDED);
    }

    /**
     * A million-message connection: read in the background, then a screenful painted at its end
     * without decoding anything else. Prints the figures (no timing is asserted: the machine is shared).
     */
    @Test
    void aMillionMessagesOpenAndPaintAtTheirEnd() throws Exception {
        int frames = 1_000_000;
        long t0 = System.nanoTime();
        try (SessionStore store = PipelineSession.create(tmp.resolve("big.pgwb"), frames)) {
            long t1 = System.nanoTime();
            try (SequenceModel m = new SequenceModel(store, 1).start()) {
                await("a million messages are read", () -> m.caughtUp());
                long t2 = System.nanoTime();
                assertThat(m.rowCount()).isEqualTo((int) store.frameCount());
                // each round's 3 DataRows are one line; every 50th round failed, its Bind and Execute skipped
                assertThat(m.lineCount()).isLessThan(m.rowCount() * 9 / 10);
                assertThat(m.trips()).hasSizeGreaterThan(frames / 12);
                int lastError = m.rowCount() - 1;
                while ((m.flags(lastError) & SequenceModel.FLAG_ERROR) == 0) {
                    lastError--;
                }
                assertThat(m.flags(lastError - 3) & SequenceModel.FLAG_SKIPPED).as("the Bind after the failed Parse").isNotZero();
                SequenceDiagram d = new SequenceDiagram();
                javax.swing.SwingUtilities.invokeAndWait(() -> {
                    d.setModel(m, store.connection(1));
                    d.setSize(1000, d.getPreferredSize().height);
                });
                int lh = d.lineHeight();
                java.awt.Rectangle end = new java.awt.Rectangle(0, d.getHeight() - 800, 1000, 800);
                long[] paint = new long[3];
                javax.swing.SwingUtilities.invokeAndWait(() -> {
                    for (int i = 0; i < paint.length; i++) {
                        long p0 = System.nanoTime();
                        SequenceExport.image(d, new java.awt.Rectangle(end.x, end.y - i * lh * 40, end.width, end.height), false);
                        paint[i] = System.nanoTime() - p0;
                    }
                });
                System.out.printf("sequence model, %,d frames: store written in %d ms, read and indexed in %d ms"
                                + " (%,d lines); a 1000x800 screenful painted in %.1f / %.1f / %.1f ms (first, scrolled, scrolled)%n",
                        m.rowCount(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, m.lineCount(),
                        paint[0] / 1e6, paint[1] / 1e6, paint[2] / 1e6);
            }
        }
    }
}
