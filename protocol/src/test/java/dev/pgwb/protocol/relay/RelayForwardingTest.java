package dev.pgwb.protocol.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.Encrypted;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.FileSizeLimit;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.testing.TeeProxy;
import dev.pgwb.protocol.testing.TraceFile;
import dev.pgwb.protocol.tls.SslMode;
import dev.pgwb.protocol.wire.Direction;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The relay is invisible: byte-exact both ways, under concurrency, and with TLS it does not own. */
@ExtendWith(PostgresExtension.class)
class RelayForwardingTest {
    @TempDir
    Path tmp;

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] startupAndQueries() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] params = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
        int len = 8 + params.length;
        out.writeBytes(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len, 0, 3, 0, 0});
        out.writeBytes(params);
        for (String sql : List.of("SELECT 1", "SELECT repeat('x', 70000)", "SELECT generate_series(1, 500)")) {
            byte[] q = (sql + "\0").getBytes(StandardCharsets.US_ASCII);
            int l = 4 + q.length;
            out.writeBytes(new byte[] {'Q', (byte) (l >>> 24), (byte) (l >>> 16), (byte) (l >>> 8), (byte) l});
            out.writeBytes(q);
        }
        out.writeBytes(new byte[] {'X', 0, 0, 0, 4});
        return out.toByteArray();
    }

    @Test
    void byteExactWithAClientWritingOneByteAtATime(PgServer pg) throws Exception {
        try (TeeProxy tap = TeeProxy.start(pg); SessionStore store = SessionStore.create(tmp.resolve("s.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, tap.host(), tap.port()), store)) {
            byte[] sent = startupAndQueries();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (Socket s = new Socket("127.0.0.1", relay.port())) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                Thread reader = Thread.ofPlatform().start(() -> {
                    try {
                        s.getInputStream().transferTo(received);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (byte b : sent) {
                    out.write(b);
                    out.flush();
                }
                s.shutdownOutput();
                reader.join(30_000);
            }
            TraceFile atServer = tap.connection(0).awaitTrace(Duration.ofSeconds(10));
            assertThat(sha256(atServer.stream(Direction.FRONTEND))).as("what the server received").isEqualTo(sha256(sent));
            assertThat(sha256(received.toByteArray())).as("what the client received")
                    .isEqualTo(sha256(atServer.stream(Direction.BACKEND)));
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            List<Decoded> decoded = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> decoded.add(d));
            assertThat(decoded).filteredOn(Decoded::isUndecoded).isEmpty();
            assertThat(decoded).extracting(Decoded::message).filteredOn(m -> m instanceof ReadyForQuery).hasSize(4);
            // the recording holds exactly the bytes that crossed, in both directions
            ByteArrayOutputStream recordedF = new ByteArrayOutputStream();
            ByteArrayOutputStream recordedB = new ByteArrayOutputStream();
            for (RecordedFrame f : store.frames(0, store.frameCount())) {
                (f.frame().direction() == Direction.FRONTEND ? recordedF : recordedB).writeBytes(f.frame().bytes());
            }
            assertThat(sha256(recordedF.toByteArray())).isEqualTo(sha256(sent));
            assertThat(sha256(recordedB.toByteArray())).isEqualTo(sha256(received.toByteArray()));
        }
    }

    /** Sends {@code sent} through the relay on a new connection, half-closes, and returns all the server answered. */
    private static byte[] exchange(int port, byte[] sent) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket s = new Socket("127.0.0.1", port)) {
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    s.getInputStream().transferTo(received);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            s.getOutputStream().write(sent);
            s.shutdownOutput();
            reader.join(30_000);
        }
        return received.toByteArray();
    }

    /**
     * A recording that fails (the session file may not grow any more, as on a full disk) is said as
     * soon as it happens, while the relay forwards byte for byte: on the connection during which it
     * failed, and on one that starts afterwards. What was recorded before stays readable.
     */
    @Test
    void aRecordingThatFailsIsSaidAtOnceWhileForwardingStaysByteExact(PgServer pg) throws Exception {
        Path file = tmp.resolve("full.pgwb");
        try (TeeProxy tap = TeeProxy.start(pg); SessionStore store = SessionStore.create(file);
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, tap.host(), tap.port()), store)) {
            CompletableFuture<Throwable> said = new CompletableFuture<>();
            relay.onRecordingFailure(said::complete);
            byte[] sent = startupAndQueries();
            exchange(relay.port(), sent);
            assertThat(store.awaitClosed(1, 10_000).isOpen()).isFalse();
            store.flush();
            long recordedBefore = store.frameCount();
            List<byte[]> received = new ArrayList<>();
            try (FileSizeLimit diskFull = FileSizeLimit.of(Files.size(file) + 16 * 1024)) {
                received.add(exchange(relay.port(), sent)); // some 80 kB of answers: more than the file may grow
                assertThat(said.get(10, TimeUnit.SECONDS)).hasMessageContaining("cannot write the session file " + file)
                        .hasMessageContaining("File too large");
                received.add(exchange(relay.port(), sent));
            }
            for (int i = 1; i <= 2; i++) {
                TraceFile atServer = tap.connection(i).awaitTrace(Duration.ofSeconds(10));
                assertThat(sha256(atServer.stream(Direction.FRONTEND))).as("what the server received on connection %d", i)
                        .isEqualTo(sha256(sent));
                assertThat(sha256(received.get(i - 1))).as("what the client received on connection %d", i)
                        .isEqualTo(sha256(atServer.stream(Direction.BACKEND)));
            }
            assertThat(received.get(1)).hasSizeGreaterThan(70_000);
            assertThat(relay.recordingFailure()).isPresent();
            assertThat(store.writeFailure()).isPresent();
            assertThat(relay.awaitRecorded(10_000)).as("the recorder still answers, dropping what comes").isTrue();
            assertThat(store.frameCount()).isGreaterThanOrEqualTo(recordedBefore);
            assertThat(store.frames(0, store.frameCount())).hasSize((int) store.frameCount());
        }
    }

    @Test
    void byteExactWithRandomGarbageBothWays() throws Exception {
        Random rnd = new Random(20261121);
        byte[] fromClient = new byte[300_000];
        byte[] fromServer = new byte[500_000];
        rnd.nextBytes(fromClient);
        rnd.nextBytes(fromServer);
        fromClient[0] = 0x7f; // a "length" far beyond any startup packet: the relay forwards it as it is
        ByteArrayOutputStream serverGot = new ByteArrayOutputStream();
        try (ServerSocket fake = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             SessionStore store = SessionStore.create(tmp.resolve("g.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, "127.0.0.1", fake.getLocalPort()), store)) {
            Thread server = Thread.ofPlatform().start(() -> {
                try (Socket s = fake.accept()) {
                    Thread w = Thread.ofPlatform().start(() -> {
                        try {
                            OutputStream o = s.getOutputStream();
                            for (int i = 0; i < fromServer.length; i += 1000) {
                                o.write(fromServer, i, Math.min(1000, fromServer.length - i));
                            }
                            s.shutdownOutput();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    s.getInputStream().transferTo(serverGot);
                    w.join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream clientGot = new ByteArrayOutputStream();
            try (Socket c = new Socket("127.0.0.1", relay.port())) {
                Thread r = Thread.ofPlatform().start(() -> {
                    try {
                        c.getInputStream().transferTo(clientGot);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                OutputStream o = c.getOutputStream();
                for (int i = 0; i < fromClient.length; ) {
                    int n = 1 + rnd.nextInt(3000);
                    n = Math.min(n, fromClient.length - i);
                    o.write(fromClient, i, n);
                    i += n;
                }
                c.shutdownOutput();
                r.join(30_000);
            }
            server.join(30_000);
            assertThat(sha256(serverGot.toByteArray())).isEqualTo(sha256(fromClient));
            assertThat(sha256(clientGot.toByteArray())).isEqualTo(sha256(fromServer));
            // The framer keeps the raw tail of a garbage stream until the connection's end is recorded,
            // which happens after both pumps stop, not when the client sees end of stream: wait for it.
            assertThat(store.awaitClosed(1, 10_000).isOpen()).isFalse();
            long recorded = 0;
            for (RecordedFrame f : store.frames(0, store.frameCount())) {
                recorded += f.frame().length();
            }
            assertThat(recorded).as("every garbage byte is recorded too").isEqualTo(fromClient.length + fromServer.length);
        }
    }

    @Test
    void hundredConcurrentConnectionsAreAllRecorded(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.create(tmp.resolve("many.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store)) {
            ExecutorService pool = Executors.newFixedThreadPool(100);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Properties p = new Properties();
                    p.setProperty("user", PgServer.SUPERUSER);
                    p.setProperty("ApplicationName", "client-" + n);
                    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port()
                            + "/postgres?sslmode=disable", p)) {
                        for (int q = 0; q < 5; q++) {
                            try (PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2, 'conn " + n + "'")) {
                                ps.setInt(1, q);
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    assertThat(rs.getInt(1)).isEqualTo(q * 2);
                                }
                            }
                        }
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT pg_backend_pid()");
                        }
                    }
                    return "client-" + n;
                }));
            }
            for (Future<String> f : results) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            // wait until all 100 connections are recorded as closed
            for (int id = 1; id <= 100; id++) {
                store.awaitClosed(id, 30_000);
            }
            assertThat(store.connections()).hasSize(100).allMatch(c -> !c.isOpen());
            Set<String> apps = new HashSet<>();
            store.connections().forEach(c -> apps.add(c.applicationName()));
            assertThat(apps).hasSize(100);
            int[] readyPerConnection = new int[101];
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                assertThat(d.isUndecoded()).isFalse();
                if (d.message() instanceof ReadyForQuery) {
                    readyPerConnection[f.connectionId()]++;
                }
            });
            for (int id = 1; id <= 100; id++) {
                assertThat(readyPerConnection[id]).as("ReadyForQuery messages of connection %d", id).isGreaterThanOrEqualTo(7);
            }
        }
    }

    @Test
    void passthroughForwardsTlsUntouchedAndRecordsOpaqueRecords(PgServer pg) throws Exception {
        Path ca = pg.enableTls();
        try (SessionStore store = SessionStore.create(tmp.resolve("pt.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()).withTls(TlsMode.PASSTHROUGH), store)) {
            Properties p = new Properties();
            p.setProperty("user", PgServer.SUPERUSER);
            p.setProperty("sslmode", "verify-ca");
            p.setProperty("sslrootcert", ca.toString());
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres", p);
                 ResultSet rs = c.createStatement().executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            List<Decoded> decoded = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> decoded.add(d));
            assertThat(decoded).filteredOn(Decoded::isUndecoded).isEmpty();
            assertThat(decoded).extracting(Decoded::message).filteredOn(m -> m instanceof Encrypted).hasSizeGreaterThan(3);
            assertThat(store.frames(0, store.frameCount())).allMatch(f -> f.origin() == RecordedFrame.Origin.FORWARDED);
        } finally {
            pg.disableTls();
        }
    }

    /**
     * A server on TLS offers SCRAM-SHA-256-PLUS; channel binding cannot survive termination, so the
     * relay takes -PLUS out. A client that then does plain SCRAM logs in; one that could bind sends
     * 'y' and the server (rightly) calls it a downgrade: the relay says why in the connection note.
     */
    @Test
    void terminateRemovesScramPlusAndRecordsBothVersions(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS relay_plus", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE relay_plus LOGIN PASSWORD 'plus-secret'");
        pg.enableTls();
        pg.setHba(List.of("hostssl all relay_plus 127.0.0.1/32 scram-sha-256"));
        try (SessionStore store = SessionStore.create(tmp.resolve("plus.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()).withTls(TlsMode.TERMINATE)
                     .withUpstreamTls(SslMode.REQUIRE, null), store, WorkbenchCa.loadOrCreate(tmp.resolve("ca")))) {
            Properties p = new Properties();
            p.setProperty("user", "relay_plus");
            p.setProperty("password", "plus-secret");
            p.setProperty("sslmode", "require");
            p.setProperty("channelBinding", "disable");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres", p);
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("relay_plus");
            }
            p.setProperty("channelBinding", "prefer");
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres", p).close())
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("channel binding");
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            assertThat(store.connection(2).note()).contains("SCRAM cannot pass a TLS-terminating relay");
            List<RecordedFrame> frames = store.frames(0, store.frameCount());
            List<Decoded> decoded = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> decoded.add(d));
            assertThat(decoded).filteredOn(Decoded::isUndecoded).isEmpty();
            int original = -1;
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).origin() == RecordedFrame.Origin.REWRITE_ORIGINAL && frames.get(i).connectionId() == 1) {
                    original = i;
                }
            }
            assertThat(original).as("the original AuthenticationSASL is recorded").isNotNegative();
            assertThat(((AuthenticationSASL) decoded.get(original).message()).mechanisms()).contains("SCRAM-SHA-256-PLUS");
            assertThat(frames.get(original + 1).origin()).isEqualTo(RecordedFrame.Origin.REWRITTEN);
            assertThat(((AuthenticationSASL) decoded.get(original + 1).message()).mechanisms()).containsExactly("SCRAM-SHA-256");
            assertThat(frames).filteredOn(f -> f.origin() == RecordedFrame.Origin.REWRITTEN).hasSize(2);
        } finally {
            pg.resetHba();
            pg.disableTls();
        }
    }

    @Test
    void terminateWithAPlainUpstreamKeepsScramWorkingForChannelBindingClients(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS relay_cb", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE relay_cb LOGIN PASSWORD 'cb-secret'");
        pg.setHba(List.of("host all relay_cb 127.0.0.1/32 scram-sha-256"));
        try (SessionStore store = SessionStore.create(tmp.resolve("cb.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()).withTls(TlsMode.TERMINATE), store,
                     WorkbenchCa.loadOrCreate(tmp.resolve("ca")))) {
            Properties p = new Properties();
            p.setProperty("user", "relay_cb");
            p.setProperty("password", "cb-secret");
            p.setProperty("sslmode", "require");
            p.setProperty("channelBinding", "prefer");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres", p);
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("relay_cb");
            }
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            assertThat(store.frames(0, store.frameCount())).allMatch(f -> f.origin() != RecordedFrame.Origin.REWRITTEN);
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void directTlsIsTerminatedWithAlpn(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.create(tmp.resolve("direct.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()).withTls(TlsMode.TERMINATE), store,
                     WorkbenchCa.loadOrCreate(tmp.resolve("ca")))) {
            Path exported = tmp.resolve("ca.crt");
            WorkbenchCa.loadOrCreate(tmp.resolve("ca")).exportCertificate(exported);
            Properties p = new Properties();
            p.setProperty("user", PgServer.SUPERUSER);
            p.setProperty("sslmode", "verify-full");
            p.setProperty("sslrootcert", exported.toString());
            p.setProperty("sslNegotiation", "direct");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + relay.port() + "/postgres", p);
                 ResultSet rs = c.createStatement().executeQuery("SELECT 42")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThat(relay.awaitRecorded(10_000)).isTrue();
            List<Decoded> decoded = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> decoded.add(d));
            assertThat(decoded).filteredOn(Decoded::isUndecoded).isEmpty();
            assertThat(decoded).extracting(Decoded::message).noneMatch(m -> m instanceof Encrypted);
            assertThat(store.connection(1).note()).contains("direct TLS").contains("ALPN postgresql");
        }
    }
}
