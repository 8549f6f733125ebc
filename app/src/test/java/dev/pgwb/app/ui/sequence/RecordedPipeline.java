package dev.pgwb.app.ui.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A session recorded through the relay from pgJDBC against the embedded PostgreSQL 18: a query of
 * 120 rows (a DataRow run), a NOTICE, a prepared statement whose Parse fails in its pipeline
 * (Parse/Bind/Describe/Execute/Sync: the server skips the rest until Sync), then a good query.
 */
final class RecordedPipeline {
    static final int ROWS = 120;

    private RecordedPipeline() {
    }

    static Path record(PgServer pg, Path file) throws Exception {
        try (SessionStore store = SessionStore.create(file)) {
            record(pg, store);
        }
        return file;
    }

    static void record(PgServer pg, SessionStore store) throws Exception {
        Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store);
        try {
            Properties p = new Properties();
            p.setProperty("user", PgServer.SUPERUSER);
            p.setProperty("sslmode", "disable");
            p.setProperty("ApplicationName", "sequence-demo");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres", p);
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select n, 'row ' || n as label from generate_series(1, " + ROWS + ") n")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertThat(n).isEqualTo(ROWS);
                }
                s.execute("do $$ begin raise notice 'the sequence diagram shows notices too'; end $$");
                try (PreparedStatement bad = c.prepareStatement("selec ? as typo")) {
                    bad.setInt(1, 7);
                    assertThatThrownBy(bad::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("syntax error");
                }
                try (PreparedStatement good = c.prepareStatement("select ?::int + 1 as answer")) {
                    good.setInt(1, 41);
                    try (ResultSet rs = good.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(42);
                    }
                }
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
