package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One analysis following a live relay's recording as it grows (what the window does): an error is
 * explained as soon as it is recorded, with what other connections did before it, while the
 * connections are still open; at the end it says what a whole-file analysis says. A connection
 * followed for long keeps only a bounded history, and says where it starts.
 */
@ExtendWith(PostgresExtension.class)
class LiveAnalysisTest {
    @TempDir
    Path tmp;

    private Relay relay;
    private SessionStore store;

    @BeforeEach
    void setUp(PgServer pg) throws Exception {
        store = SessionStore.create(tmp.resolve("live.pgwb"));
        relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store);
    }

    @AfterEach
    void tearDown() throws Exception {
        relay.close();
        store.close();
    }

    /** Wakes the test each time the analysis has taken a batch. */
    private final Object progress = new Object();
    private final SessionAnalysis.Listener told = frames -> {
        synchronized (progress) {
            progress.notifyAll();
        }
    };

    /** Waits (up to 20 s) until {@code condition} holds, woken by the analysis after each batch it takes. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (progress) {
            while (!condition.getAsBoolean()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for: " + what);
                }
                progress.wait(Math.min(left, 500)); // the condition is read again at least twice a second
            }
        }
    }

    @Test
    void anErrorIsExplainedWhileItsConnectionIsOpenAndAcrossConnections() throws Exception {
        SessionAnalysis live = SessionAnalysis.follow(store, SessionAnalysis.Options.window(), told);
        try (RawClient a = RawClient.connect(relay.port(), "postgres");
             RawClient b = RawClient.connect(relay.port(), "postgres")) {
            a.send(new Parse("S_1", "SELECT 1", List.of()), new Sync()).untilReady();
            b.send(new Parse("S_1", "SELECT 1", List.of()), new Sync()).untilReady();
            a.send(new Close('S', "S_1"), new Sync()).untilReady();
            assertThat(a.send(new Bind("", "S_1", List.of(), List.of(), List.of()), new Execute("", 0), new Sync()).errorsUntilReady())
                    .containsExactly("26000");
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            long recorded = store.frameCount();
            await("the analysis caught up", () -> live.analysedFrames() >= recorded);

            // both connections still open: the error is explained now, by its own connection's Close
            Diagnosis d = live.diagnoses().stream().filter(x -> x.code().equals("26000")).findFirst().orElseThrow();
            assertThat(d.cause()).isEqualTo("closed-by-close");
            assertThat(live.index().count()).isEqualTo((int) recorded);
            assertThat(live.index().typeName((int) live.index(d.connection(), d.seq()))).isEqualTo("ErrorResponse");
            assertThat(live.index().decode((int) live.index(d.connection(), d.seq())).typeName()).isEqualTo("ErrorResponse");

            b.send(new Query("SELECT 1")).untilReady();
        }
        for (int id : new int[] {1, 2}) {
            assertThat(store.awaitClosed(id, 10_000).isOpen()).isFalse();
        }
        // the live analysis finishes a connection when it closes, even with no frame after the close
        await("the live analysis saw both connections close", () -> live.read(x -> x.connectionIds().size() == 2 && x.connectionIds()
                .stream().allMatch(id -> x.conversation(id).orElseThrow().phase() == dev.pgwb.protocol.conversation.Phase.TERMINATED)));
        live.close();
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        SessionAnalysis whole = SessionAnalysis.of(store);
        try (SessionAnalysis again = SessionAnalysis.follow(store, SessionAnalysis.Options.window(), told)) {
            await("the closed file is analysed", () -> again.analysedFrames() >= store.frameCount());
            await("every closed connection finished", () -> again.read(a -> a.connectionIds().stream()
                    .allMatch(id -> a.conversation(id).orElseThrow().phase() == dev.pgwb.protocol.conversation.Phase.TERMINATED)));
            assertThat(again.diagnoses()).extracting(x -> x.code() + "/" + x.cause() + " " + x.frames())
                    .isEqualTo(whole.diagnoses().stream().map(x -> x.code() + "/" + x.cause() + " " + x.frames()).toList());
        }
    }

    @Test
    void aLongConnectionKeepsABoundedHistory() throws Exception {
        int limit = 200;
        try (SessionAnalysis live = SessionAnalysis.follow(store, new SessionAnalysis.Options(true, limit), told);
             RawClient c = RawClient.connect(relay.port(), "postgres")) {
            for (int i = 0; i < 1000; i++) {
                c.send(new Query("SELECT " + i)).untilReady();
            }
            assertThat(c.send(new Bind("", "S_missing", List.of(), List.of(), List.of()), new Sync()).errorsUntilReady())
                    .containsExactly("26000");
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            long recorded = store.frameCount();
            await("the analysis caught up", () -> live.analysedFrames() >= recorded);
            live.read(a -> {
                Conversation conv = a.conversation(1).orElseThrow();
                assertThat(conv.requests().size()).isLessThanOrEqualTo(limit + limit / 4 + 1);
                assertThat(a.forgotten(1)).isPositive();
                return null;
            });
            // what is recent is still explained in full
            assertThat(live.diagnoses()).extracting(Diagnosis::cause).contains("never-prepared");
            // the index still reaches every frame (the views show them all)
            assertThat(live.index().count()).isEqualTo((int) recorded);
        }
    }

    /** Every real capture: followed on the analysis's thread, it says what reading it whole says. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"idle-in-transaction-timeout", "deadlock", "pgbouncer-closed-by-other",
        "copy-from-error", "pipeline-unique-violation", "http-probe", "tcp-probe", "unsupported-protocol", "midstream-close-bind"})
    void followingACaptureSaysWhatReadingItWholeSays(String name) throws Exception {
        try (SessionStore imported = SessionStore.createTemporary()) {
            dev.pgwb.protocol.capture.CaptureImport.importInto(Path.of(getClass().getResource("/real/" + name + ".pcap").toURI()),
                    imported, dev.pgwb.protocol.capture.CaptureImport.Options.defaults());
            SessionAnalysis whole = SessionAnalysis.of(imported);
            try (SessionAnalysis followed = SessionAnalysis.follow(imported, SessionAnalysis.Options.window(), told)) {
                await(name + " followed to its end, every connection finished", () -> followed.analysedFrames() == imported.frameCount()
                        && followed.read(a -> a.connectionIds().size() == imported.connections().size()
                        && a.connectionIds().stream().allMatch(id -> a.conversation(id).orElseThrow().phase()
                        == dev.pgwb.protocol.conversation.Phase.TERMINATED)));
                assertThat(followed.internalErrors()).isEmpty();
                assertThat(followed.diagnoses()).extracting(x -> x.code() + "/" + x.cause() + " " + x.frames() + " " + x.explanation())
                        .isEqualTo(whole.diagnoses().stream().map(x -> x.code() + "/" + x.cause() + " " + x.frames() + " " + x.explanation())
                                .toList());
                assertThat(followed.index().count()).isEqualTo((int) imported.frameCount());
            }
        }
    }
}
