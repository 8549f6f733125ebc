package dev.pgwb.protocol.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL 18 server (zonky embedded binaries from Maven Central, no install), started
 * once per test JVM and shared by every test class through {@link PostgresExtension}; or, for a
 * parameter marked {@link OlderPostgres}, a real PostgreSQL 15 started the same way.
 */
public final class PgServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres pg;
    private final Path dataDir;
    private final Path log;
    private TestCertificates certificates;

    private PgServer(EmbeddedPostgres pg, Path dataDir, Path log) {
        this.pg = pg;
        this.dataDir = dataDir;
        this.log = log;
    }

    static PgServer start() {
        return start("pg18", null);
    }

    /** The older server: the binaries the build copied to {@code target/older-postgres} (see the parent pom). */
    static PgServer startOlder() {
        String jar = System.getProperty("pgwb.test.olderPostgres");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the older PostgreSQL binaries are missing (" + jar + "): run the tests through Maven, "
                    + "whose generate-test-resources phase copies them from Maven Central");
        }
        return start("pg-older", (system, hardware) -> {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
                java.util.zip.ZipEntry txz = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                        .orElseThrow(() -> new IOException(jar + " holds no .txz of PostgreSQL binaries"));
                return new java.io.ByteArrayInputStream(zip.getInputStream(txz).readAllBytes());
            }
        });
    }

    private static PgServer start(String name, io.zonky.test.db.postgres.embedded.PgBinaryResolver binaries) {
        try {
            Path dataDir = Files.createTempDirectory("pgwb-" + name + "-");
            Path log = Files.createTempFile("pgwb-" + name + "-", ".log");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (binaries != null) {
                builder.setPgBinaryResolver(binaries);
            }
            EmbeddedPostgres pg = builder
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile())) // the server log, for tests that read it
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "8")
                    .setServerConfig("max_replication_slots", "8")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .start();
            return new PgServer(pg, dataDir, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server (" + name + ")", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return pg.getPort();
    }

    /** What the server says it is ({@code SHOW server_version}), e.g. {@code 18.1}. */
    public String serverVersion() {
        try (Connection c = connect(plain()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The server's log (its stderr), appended to for the whole test run. */
    public Path serverLog() {
        return log;
    }

    /**
     * Waits up to 10 s for a line containing {@code text} to appear in the server log after byte
     * {@code from} (the log's size before the action that should log it); true when it did.
     */
    public boolean awaitLog(long from, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                byte[] all = Files.readAllBytes(log);
                if (all.length > from && new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8)
                        .contains(text)) {
                    return true;
                }
                Thread.sleep(20); // polling a file nobody signals
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
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

    /**
     * The first column of {@code sql}'s first row, asked as the superuser of database postgres,
     * without TLS, of whatever listens on 127.0.0.1:{@code port} (a relay in front of a server).
     */
    public static String queryThrough(int port, String sql, String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER);
        p.setProperty("ApplicationName", applicationName);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable", p);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
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
        reloadConfig();
    }

    /** Puts back trust for everyone, as the server started. */
    public void resetHba() {
        setHba(List.of("host all all 127.0.0.1/32 trust", "host replication all 127.0.0.1/32 trust"));
    }

    /**
     * Turns TLS on: a CA and a {@code localhost}/127.0.0.1 server certificate are made on first
     * use (under the data directory, key mode 0600) and set with {@code ALTER SYSTEM}. Plain
     * connections still work (pg_hba's {@code host} rules match both). The server is shared: turn
     * TLS off again with {@link #disableTls()} in a {@code finally}, or pgJDBC's default
     * {@code sslmode=prefer} will encrypt every other test's connection.
     *
     * @return the CA certificate, for pgJDBC's {@code sslmode=verify-full&sslrootcert=...}
     */
    public synchronized Path enableTls() {
        if (certificates == null) {
            certificates = TestCertificates.write(dataDir.resolve("pgwb-tls"));
        }
        execute("ALTER SYSTEM SET ssl_cert_file = " + literal(certificates.serverCertificatePath()),
                "ALTER SYSTEM SET ssl_key_file = " + literal(certificates.serverKeyPath()),
                "ALTER SYSTEM SET ssl_ca_file = " + literal(certificates.caCertificatePath()),
                "ALTER SYSTEM SET ssl = on");
        reloadConfig();
        requireSetting("ssl", "on");
        return certificates.caCertificatePath();
    }

    /** Turns TLS off again: the server answers {@code N} to SSLRequest. */
    public synchronized void disableTls() {
        execute("ALTER SYSTEM SET ssl = off");
        reloadConfig();
        requireSetting("ssl", "off");
    }

    /** The certificates made by {@link #enableTls()}, or null before it was first called. */
    public synchronized TestCertificates certificates() {
        return certificates;
    }

    /**
     * {@code pg_reload_conf()} only signals the postmaster; this also waits until a new session
     * sees a newer configuration load time, so that the next connection gets the new settings.
     */
    public void reloadConfig() {
        Timestamp before = confLoadTime();
        execute("SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!confLoadTime().after(before)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not reload its configuration within 10 s");
            }
            try {
                Thread.sleep(5); // polling a server that gives no notification of the reload
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Timestamp confLoadTime() {
        try (Connection c = connect(plain()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_conf_load_time()")) {
            rs.next();
            return rs.getTimestamp(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_conf_load_time(): " + e.getMessage(), e);
        }
    }

    private void requireSetting(String name, String expected) {
        try (Connection c = connect(plain()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            if (!expected.equals(rs.getString(1))) {
                throw new IllegalStateException(name + " is " + rs.getString(1) + " after reload, expected " + expected
                        + " (see the server log in " + dataDir + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Properties plain() {
        Properties p = new Properties();
        p.setProperty("sslmode", "disable");
        return p;
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /**
     * Runs {@code sql} (a long {@code pg_sleep}) on {@code statement} and cancels it through the
     * statement (its driver sends the CancelRequest) once the server shows it running; returns
     * what the execution threw, or null if it finished.
     */
    public SQLException runAndCancel(Statement statement, String sql) throws Exception {
        java.util.concurrent.CompletableFuture<Void> cancel = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline) {
                    try (Connection probe = connect(); java.sql.PreparedStatement ps = probe.prepareStatement(
                            "SELECT count(*) FROM pg_stat_activity WHERE query = ? AND state = 'active'")) {
                        ps.setString(1, sql);
                        try (java.sql.ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getInt(1) > 0) {
                                break;
                            }
                        }
                    }
                }
                statement.cancel();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        SQLException thrown = null;
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            thrown = e;
        }
        cancel.get(20, java.util.concurrent.TimeUnit.SECONDS);
        return thrown;
    }

    @Override
    public void close() throws IOException {
        pg.close();
        Files.deleteIfExists(log);
    }
}
