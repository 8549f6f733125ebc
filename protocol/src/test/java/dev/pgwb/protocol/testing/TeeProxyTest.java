package dev.pgwb.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.wire.Direction;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TeeProxyTest {

    @Test
    void relaysAndRecordsBothDirectionsInOrder(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            Properties p = new Properties();
            p.setProperty("user", PgServer.SUPERUSER);
            p.setProperty("sslmode", "disable");
            p.setProperty("preferQueryMode", "simple");
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'through the tee'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("through the tee");
            }
            TraceFile t = proxy.connection(0).awaitTrace(Duration.ofSeconds(10));

            assertThat(t.chunks().get(0).direction()).as("the client speaks first").isEqualTo(Direction.FRONTEND);
            ByteBuffer front = ByteBuffer.wrap(t.stream(Direction.FRONTEND));
            assertThat(front.getInt(4)).as("StartupMessage protocol 3.0").isEqualTo(196608);
            byte[] f = t.stream(Direction.FRONTEND);
            assertThat(new String(f, f.length - 5, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("Terminate last").isEqualTo("X\0\0\0\4");
            assertThat(t.stream(Direction.BACKEND)[0]).as("the server answers with Authentication").isEqualTo((byte) 'R');
            // the query is recorded before the row it produced
            int queryAt = indexOf(t, Direction.FRONTEND, "through the tee");
            int rowAt = indexOf(t, Direction.BACKEND, "through the tee");
            assertThat(queryAt).isNotNegative().isLessThan(rowAt);
            assertThat(proxy.connections()).hasSize(1);
        }
    }

    private static int indexOf(TraceFile t, Direction d, String text) {
        for (int i = 0; i < t.chunks().size(); i++) {
            TraceFile.Chunk c = t.chunks().get(i);
            if (c.direction() == d && new String(c.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
