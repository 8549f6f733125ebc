package dev.pgwb.protocol.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL 18 server (zonky embedded binaries from Maven Central, no install), started
 * once per test JVM and shared by every test class through {@link PostgresExtension}.
 */
public final class PgServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres pg;
    private final Path dataDir;

    private PgServer(EmbeddedPostgres pg, Path dataDir) {
        this.pg = pg;
        this.dataDir = dataDir;
    }

    static PgServer start() {
        try {
            Path dataDir = Files.createTempDirectory("pgwb-pg18-");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "8")
                    .setServerConfig("max_replication_slots", "8")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .start();
            return new PgServer(pg, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL 18 server", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return pg.getPort();
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A pgJDBC connection as the superuser to database {@code postgres}, with extra properties. */
    public Connection connect(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER);
        p.putAll(extra);
        return DriverManager.getConnection(jdbcUrl("postgres"), p);
    }

    public Connection connect() throws SQLException {
        return connect(new Properties());
    }

    /** Runs SQL statements as the superuser. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("setup SQL failed: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces pg_hba.conf with {@code rules} (lines such as
     * {@code host all alice 127.0.0.1/32 scram-sha-256}) placed before a superuser trust rule that
     * keeps the fixture itself able to connect, then reloads the server.
     */
    public void setHba(List<String> rules) {
        StringBuilder sb = new StringBuilder("# written by PgServer.setHba\n");
        for (String r : rules) {
            sb.append(r).append('\n');
        }
        sb.append("local all all trust\n");
        sb.append("host all ").append(SUPERUSER).append(" 127.0.0.1/32 trust\n");
        sb.append("host replication ").append(SUPERUSER).append(" 127.0.0.1/32 trust\n");
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("SELECT pg_reload_conf()");
    }

    /** Puts back trust for everyone, as the server started. */
    public void resetHba() {
        setHba(List.of("host all all 127.0.0.1/32 trust", "host replication all 127.0.0.1/32 trust"));
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
