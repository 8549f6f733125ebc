package dev.pgwb.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.NotificationResponse;
import dev.pgwb.protocol.message.Encrypted;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.SASLInitialResponse;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.SSLResponse;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.tls.SslMode;
import java.io.StringReader;
import java.io.StringWriter;
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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

@ExtendWith(PostgresExtension.class)
class RelayTest {
    @TempDir
    Path tmp;

    private PgServer pg;
    private Relay relay;
    private SessionStore store;

    @BeforeEach
    void setUp(PgServer pg) throws Exception {
        this.pg = pg;
        store = SessionStore.create(tmp.resolve("session.pgwb"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (relay != null) {
            relay.close();
        }
        store.close();
    }

    private Relay start(RelayConfig config) throws Exception {
        relay = Relay.start(config, store, WorkbenchCa.loadOrCreate(tmp.resolve("ca")));
        return relay;
    }

    private Relay startPlain() throws Exception {
        return start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()));
    }

    private Connection connect(String extraUrl, Properties props) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.putAll(props);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres" + extraUrl, p);
    }

    /** Every recorded frame, decoded; asserts the recording decodes with nothing undecoded. */
    /**
     * The relay records a connection's end when its pump sees the client's EOF, which may come
     * after the client's close() returned: wait for it rather than race it.
     */
    private ConnectionInfo awaitClosed(int id) throws Exception {
        return store.awaitClosed(id, 10_000);
    }

    private List<Decoded> decodedRecording() throws Exception {
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        List<Decoded> all = new ArrayList<>();
        SessionDecoder.decodeAll(store, false, (f, d) -> all.add(d));
        assertThat(all).filteredOn(Decoded::isUndecoded).as("undecoded messages").isEmpty();
        return all;
    }

    @Test
    void simpleExtendedBinaryBatchCopyAndNotifyThroughTheRelay() throws Exception {
        startPlain();
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        props.setProperty("binaryTransfer", "true");
        props.setProperty("ApplicationName", "relay-test");
        try (Connection c = connect("?sslmode=disable", props); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE t (id int primary key, name text, at timestamptz default now())");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, name) VALUES (?, ?)")) {
                for (int i = 1; i <= 20; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "name " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (int run = 0; run < 3; run++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, name, at FROM t WHERE id <= ?")) {
                    ps.setInt(1, 5);
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = 0;
                        while (rs.next()) {
                            n++;
                        }
                        assertThat(n).isEqualTo(5);
                    }
                }
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn("COPY t (id, name) FROM STDIN", new StringReader("100\tcopied\n101\tcopied too\n"))).isEqualTo(2);
            StringWriter out = new StringWriter();
            copy.copyOut("COPY (SELECT id, name FROM t WHERE id >= 100 ORDER BY id) TO STDOUT", out);
            assertThat(out.toString()).isEqualTo("100\tcopied\n101\tcopied too\n");
            s.execute("LISTEN relay_channel");
            s.execute("NOTIFY relay_channel, 'hello through the relay'");
            s.execute("SELECT 1");
            assertThat(c.unwrap(PGConnection.class).getNotifications()).extracting(n -> n.getParameter())
                    .contains("hello through the relay");
        }
        List<Decoded> all = decodedRecording();
        assertThat(all).extracting(Decoded::message).anyMatch(m -> m instanceof NotificationResponse n
                && n.payload().equals("hello through the relay"));
        assertThat(all).extracting(Decoded::message).filteredOn(m -> m instanceof CopyData).hasSizeGreaterThanOrEqualTo(2);
        ConnectionInfo info = awaitClosed(1);
        assertThat(info.user()).isEqualTo("postgres");
        assertThat(info.database()).isEqualTo("postgres");
        assertThat(info.applicationName()).isEqualTo("relay-test");
        assertThat(info.client()).startsWith("127.0.0.1:");
        assertThat(info.isOpen()).isFalse();
    }

    @Test
    void cancelDuringPgSleepIsForwardedAndLinkedToItsConnection() throws Exception {
        startPlain();
        try (Connection c = connect("?sslmode=disable", new Properties()); Statement s = c.createStatement()) {
            SQLException canceled = pg.runAndCancel(s, "SELECT pg_sleep(30)");
            assertThat((Object) canceled).as("the statement failed").isNotNull();
            assertThat(canceled.getSQLState()).isEqualTo("57014");
        }
        decodedRecording();
        List<ConnectionInfo> conns = store.connections();
        assertThat(conns).hasSize(2);
        assertThat(conns.get(1).note()).contains("CancelRequest for connection 1");
        assertThat(conns.get(0).note()).contains("cancelled by connection 2");
    }

    @Test
    void scramAuthenticationThroughTheRelay() throws Exception {
        pg.execute("DROP ROLE IF EXISTS relay_scram", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE relay_scram LOGIN PASSWORD 'sekret-123'");
        pg.setHba(List.of("host all relay_scram 127.0.0.1/32 scram-sha-256"));
        try {
            startPlain();
            Properties p = new Properties();
            p.setProperty("user", "relay_scram");
            p.setProperty("password", "sekret-123");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?sslmode=disable", p);
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("relay_scram");
            }
            List<Decoded> all = decodedRecording();
            assertThat(all).extracting(Decoded::message).anyMatch(m -> m instanceof AuthenticationSASL);
            assertThat(all).extracting(Decoded::message).anyMatch(m -> m instanceof SASLInitialResponse);
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void refuseModeAnswersNSoRequireFailsCleanlyAndPreferGoesOnInPlaintext() throws Exception {
        Path ca = pg.enableTls();
        try {
            startPlain();
            assertThatThrownBy(() -> connect("?sslmode=require", new Properties()).close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("SSL");
            try (Connection c = connect("?sslmode=prefer", new Properties()); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
            }
            List<Decoded> all = decodedRecording();
            List<RecordedFrame> frames = store.frames(0, store.frameCount());
            assertThat(frames).filteredOn(f -> f.origin() == RecordedFrame.Origin.GENERATED).isNotEmpty();
            assertThat(all).extracting(Decoded::message).contains(new SSLRequest(), new SSLResponse('N'));
            assertThat(ca).exists();
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void terminateModeVerifiesWithTheExportedCaAndRecordsPlaintext() throws Exception {
        pg.enableTls();
        try {
            start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()).withTls(TlsMode.TERMINATE)
                    .withUpstreamTls(SslMode.REQUIRE, null));
            Path exported = tmp.resolve("exported-ca.crt");
            WorkbenchCa.loadOrCreate(tmp.resolve("ca")).exportCertificate(exported);
            Properties p = new Properties();
            p.setProperty("sslmode", "verify-full");
            p.setProperty("sslrootcert", exported.toString());
            try (Connection c = connect("", p); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the relay's own leg to the server is TLS too").isTrue();
            }
            List<Decoded> all = decodedRecording();
            assertThat(all).extracting(Decoded::message).anyMatch(m -> m instanceof Parse q && q.query().contains("pg_stat_ssl"));
            assertThat(all).extracting(Decoded::message).noneMatch(m -> m instanceof Encrypted);
            assertThat(store.connection(1).note()).contains("client TLS terminated").contains("upstream TLS");
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void unreachableUpstreamGivesTheClientA08001Error() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        start(RelayConfig.of("127.0.0.1", 0, "127.0.0.1", deadPort));
        assertThatThrownBy(() -> connect("?sslmode=disable", new Properties()).close()).isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains("127.0.0.1:" + deadPort).contains("connection refused");
                });
        // and it keeps serving: a second client gets the same answer
        assertThatThrownBy(() -> connect("?sslmode=prefer", new Properties()).close()).isInstanceOf(SQLException.class);
        List<Decoded> all = decodedRecording();
        assertThat(all).extracting(Decoded::message).anyMatch(m -> m instanceof ErrorResponse e && e.sqlState().equals("08001"));
        assertThat(store.connection(1).closeReason()).contains("upstream unreachable");
    }

    @Test
    void unknownUpstreamHostIsNamed() throws Exception {
        start(RelayConfig.of("127.0.0.1", 0, "no-such-host.invalid", 5432));
        assertThatThrownBy(() -> connect("?sslmode=disable", new Properties()).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("unknown host no-such-host.invalid");
    }
}
