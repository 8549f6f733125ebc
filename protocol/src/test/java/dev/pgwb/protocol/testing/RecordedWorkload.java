package dev.pgwb.protocol.testing;

import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.relay.TlsMode;
import dev.pgwb.protocol.relay.WorkbenchCa;
import dev.pgwb.protocol.session.SessionStore;
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
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A relay recording of real pgJDBC traffic to the embedded server, for the export tests: connection
 * 1 in plaintext with extended queries, an error, COPY in and out and a NOTIFY; connection 2 with
 * TLS terminated by the relay (its recording holds SSLRequest, 'S', then plaintext).
 */
public final class RecordedWorkload {
    private RecordedWorkload() {
    }

    /** Records the workload into {@code dir/name}, closed when this returns. */
    public static Path record(PgServer pg, Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        try (SessionStore store = SessionStore.create(file)) {
            Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()).withTls(TlsMode.TERMINATE)
                    .withUpstreamTls(SslMode.DISABLE, null), store, WorkbenchCa.loadOrCreate(dir.resolve("ca")));
            try {
                plain(relay.port());
                store.awaitClosed(1, 10_000);
                tls(relay.port());
                store.awaitClosed(2, 10_000);
                relay.awaitRecorded(10_000);
            } finally {
                relay.close();
            }
        }
        return file;
    }

    private static void plain(int port) throws SQLException, java.io.IOException {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.setProperty("sslmode", "disable");
        p.setProperty("prepareThreshold", "1");
        p.setProperty("ApplicationName", "export-test");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
             Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE t (id int primary key, name text)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, name) VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "name " + i);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM t WHERE id <= ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(2);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 / ?")) {
                ps.setInt(1, 0);
                ps.executeQuery().close();
                throw new IllegalStateException("division by zero did not fail");
            } catch (SQLException expected) {
                // 22012: the error the export must carry
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY t (id, name) FROM STDIN", new StringReader("100\tcopied\n101\tcopied too\n"));
            copy.copyOut("COPY (SELECT id, name FROM t ORDER BY id) TO STDOUT", new StringWriter());
            s.execute("LISTEN export_channel");
            s.execute("NOTIFY export_channel, 'hello from the export test'");
            s.execute("SELECT 1");
            c.unwrap(PGConnection.class).getNotifications();
        }
    }

    private static void tls(int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.setProperty("sslmode", "require");
        p.setProperty("ApplicationName", "export-tls");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
             ResultSet rs = c.createStatement().executeQuery("SELECT 'over tls'")) {
            rs.next();
        }
    }
}
