package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.FrameRef;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.FieldNode;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.BindComplete;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.ParseComplete;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** pgJDBC through the recording relay: pairing, latencies and values by type, and a cancel traced to its request. */
@ExtendWith(PostgresExtension.class)
class PairingTest {
    @TempDir
    Path tmp;

    private Relay relay;
    private SessionStore store;

    @BeforeEach
    void setUp(PgServer pg) throws Exception {
        store = SessionStore.create(tmp.resolve("session.pgwb"));
        relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store);
    }

    @AfterEach
    void tearDown() throws Exception {
        relay.close();
        store.close();
    }

    private Connection connect(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.putAll(extra);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?sslmode=disable", p);
    }

    private List<RecordedFrame> recorded() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (relay.activeConnections() > 0 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        return store.frames(0, store.frameCount());
    }

    /** The values of a Bind's parameters or a DataRow's columns as the decoder rendered them. */
    static List<String> values(Decoded d) {
        List<String> out = new ArrayList<>();
        for (FieldNode f : d.fields()) {
            if (f.name().startsWith("Parameter ") || f.name().startsWith("Column ")) {
                if (!f.children().isEmpty() && f.children().get(0).name().equals("Length")) {
                    out.add(f.children().size() > 1 ? f.children().get(1).value() : null);
                }
            }
        }
        return out;
    }

    @Test
    void pgJdbcExtendedQueriesArePairedAndDecodedByType() throws Exception {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        props.setProperty("binaryTransfer", "true");
        try (Connection c = connect(props)) {
            for (int run = 0; run < 3; run++) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT ?::int4 AS n, timestamptz '2026-11-21 10:00:00+00' AS at, ARRAY[1,2,3] AS a, 'x'::text AS t")) {
                    ps.setInt(1, 42);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
        }
        List<RecordedFrame> frames = recorded();
        SessionAnalysis a = SessionAnalysis.of(store);
        Conversation conv = a.conversation(1).orElseThrow();

        // every request answered, none skipped; every reply paired to a request of the right kind
        assertThat(conv.requests()).as(conv.requests().toString()).extracting(Request::status).containsOnly(Request.Status.DONE);
        assertThat(conv.requests()).allSatisfy(r -> assertThat(r.latencyNanos()).isGreaterThanOrEqualTo(0));
        assertThat(conv.roundTrips()).hasSizeGreaterThanOrEqualTo(4); // startup + 3 executions
        SessionDecoder decoder = new SessionDecoder();
        List<String> rowValues = new ArrayList<>();
        List<String> bindValues = new ArrayList<>();
        for (RecordedFrame f : frames) {
            Decoded d = decoder.decode(f);
            FrameAnalysis fa = a.frame(f.connectionId(), f.frame().seq());
            Class<?> expected = switch (d.message()) {
                case ParseComplete x -> Parse.class;
                case BindComplete x -> Bind.class;
                case DataRow x -> Execute.class;
                default -> null;
            };
            if (expected != null) {
                assertThat(fa.replyTo()).as("reply_to of " + d.typeName() + " #" + f.frame().seq()).isGreaterThanOrEqualTo(0);
                assertThat(conv.request(fa.replyTo()).orElseThrow().message()).isInstanceOf(expected);
            }
            if (d.message() instanceof ReadyForQuery || d.message() instanceof CommandComplete) {
                // pgJDBC's SET application_name is a simple Query, everything else extended
                assertThat(conv.request(fa.replyTo()).orElseThrow().message()).isInstanceOfAny(
                        d.message() instanceof ReadyForQuery ? Sync.class : Execute.class, Query.class, StartupMessage.class);
            }
            if (d.message() instanceof DataRow) {
                rowValues.addAll(values(d));
            }
            if (d.message() instanceof Bind) {
                bindValues.addAll(values(d));
            }
        }
        assertThat(bindValues).containsOnly("42");
        assertThat(rowValues).hasSize(12);
        assertThat(rowValues.subList(0, 4)).containsExactly("42", "2026-11-21 10:00:00+00", "{1,2,3}", "x");
        assertThat(a.summary(1).orElseThrow().requests()).isEqualTo(conv.requests().size());
    }

    @Test
    void canceledQueryIsTracedToTheCancelRequest(PgServer pg) throws Exception {
        try (Connection c = connect(new Properties()); Statement s = c.createStatement()) {
            SQLException canceled = pg.runAndCancel(s, "SELECT pg_sleep(31)");
            assertThat((Object) canceled).as("the statement failed").isNotNull();
            assertThat(canceled.getSQLState()).isEqualTo("57014");
        }
        recorded();
        SessionAnalysis a = SessionAnalysis.of(store);
        int canceller = a.connectionIds().stream()
                .filter(id -> a.conversation(id).orElseThrow().cancelRequest().isPresent()).findFirst().orElseThrow();
        Conversation cancelConv = a.conversation(canceller).orElseThrow();
        Diagnosis d = a.diagnoses().stream().filter(x -> x.code().equals("57014")).findFirst().orElseThrow();
        assertThat(d.cause()).isEqualTo("cancel-request");
        assertThat(d.frames()).extracting(FrameRef::connection, FrameRef::seq)
                .contains(org.assertj.core.groups.Tuple.tuple(canceller, cancelConv.cancelRequestSeq()));
        assertThat(d.explanation()).contains("connection " + canceller);
        assertThat(cancelConv.cancelRequest().map(CancelRequest::processId)).contains(a.conversation(d.connection()).orElseThrow().backendPid());
    }
}
