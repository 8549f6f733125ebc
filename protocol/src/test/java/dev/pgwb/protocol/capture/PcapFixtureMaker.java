package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the base captures under {@code protocol/src/test/resources/pcap/}: pgJDBC → relay
 * (recording {@code NAME.pgwb}) → embedded PostgreSQL 18, while tcpdump (or dumpcap) captures the
 * client↔relay leg on {@code lo} into {@code NAME.pcap}/{@code .pcapng}. Run by
 * {@code make-captures.sh} (which then derives the edited variants), never by the normal suite:
 *
 * <pre>
 * ./mvnw -B -pl protocol test -Dtest=PcapFixtureMaker -Dpgwb.recapture.pcap=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "pgwb.recapture.pcap", matches = "true")
class PcapFixtureMaker {

    private static final Path OUT = Paths.get("src/test/resources/pcap");

    @Test
    void plainIpv4(PgServer pg) throws Exception {
        record("plain", "127.0.0.1", pg, List.of("tcpdump", "-i", "lo", "-U", "-s", "0", "-w"), ".pcap", new Properties(),
                PcapFixtureMaker::extendedWithErrors);
    }

    @Test
    void ipv6(PgServer pg) throws Exception {
        record("ipv6", "::1", pg, List.of("tcpdump", "-i", "lo", "-U", "-s", "0", "-w"), ".pcap", new Properties(),
                PcapFixtureMaker::extendedWithErrors);
    }

    /**
     * A 6 KB Query written in 1000-byte pieces with Nagle off, so that it crosses the capture in
     * several segments and one of them can be dropped (make-captures.sh); then more queries.
     */
    @Test
    void bigQuery(PgServer pg) throws Exception {
        recordRaw("bigquery", pg, (in, out, socket) -> {
            String literal = "x".repeat(6000);
            byte[] query = query("select length('" + literal + "') as big");
            for (int i = 0; i < query.length; i += 1000) {
                out.write(query, i, Math.min(1000, query.length - i));
                out.flush();
                Thread.sleep(20); // one write, one segment
            }
            untilReady(in);
            for (String sql : List.of("select 'after the gap'", "select 42")) {
                out.write(query(sql));
                out.flush();
                untilReady(in);
            }
        });
    }

    /** pgJDBC cancels a pg_sleep: a second connection carries the CancelRequest. */
    @Test
    void cancel(PgServer pg) throws Exception {
        record("cancel", "127.0.0.1", pg, List.of("tcpdump", "-i", "lo", "-U", "-s", "0", "-w"), ".pcap", new Properties(), c -> {
            try (Statement s = c.createStatement()) {
                pg.runAndCancel(s, "select pg_sleep(30)");
            } catch (Exception e) {
                throw new SQLException(e);
            }
        });
    }

    /** Two interfaces (lo as Ethernet, and any as Linux cooked v2): each packet is captured twice, in one pcapng. */
    @Test
    void twoInterfaces(PgServer pg) throws Exception {
        record("twoif", "127.0.0.1", pg, List.of("dumpcap", "-q", "-i", "lo", "-f", "FILTER", "-i", "any", "-y", "LINUX_SLL2", "-f", "FILTER", "-w"), ".pcapng", new Properties(),
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("select ?::text || ' and more'")) {
                        ps.setString(1, "twice");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    }
                });
    }

    interface RawWorkload {
        void run(DataInputStream in, OutputStream out, Socket socket) throws Exception;
    }

    static byte[] query(String sql) {
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + text.length).put((byte) 'Q').putInt(4 + text.length).put(text).array();
    }

    static void untilReady(DataInputStream in) throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            int len = in.readInt();
            in.skipNBytes(len - 4);
            if (type == 'Z') {
                return;
            }
        }
    }

    /** A hand-written client (startup as the superuser, trust authentication), for control over the segments. */
    private static void recordRaw(String name, PgServer pg, RawWorkload work) throws Exception {
        record(name, "127.0.0.1", pg, List.of("tcpdump", "-i", "lo", "-U", "-s", "0", "-w"), ".pcap", new Properties(), null,
                port -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        s.setTcpNoDelay(true);
                        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                        OutputStream out = s.getOutputStream();
                        byte[] params = ("user\0" + PgServer.SUPERUSER + "\0database\0postgres\0\0").getBytes(StandardCharsets.UTF_8);
                        out.write(ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params).array());
                        out.flush();
                        untilReady(in);
                        work.run(in, out, s);
                        out.write(new byte[] {'X', 0, 0, 0, 4});
                        out.flush();
                        in.readAllBytes();
                    }
                });
    }

    interface Workload {
        void run(Connection c) throws SQLException;
    }

    static void extendedWithErrors(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select ?::int * 2, repeat('ab', ?::int)")) {
            for (int i = 1; i <= 6; i++) { // the fifth run makes pgJDBC switch to a named statement
                ps.setInt(1, i);
                ps.setInt(2, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select 1 / ?::int")) {
            ps.setInt(1, 0);
            ps.executeQuery();
        } catch (SQLException expected) {
            // 22012 division_by_zero
        }
        try (Statement s = c.createStatement()) {
            s.executeQuery("select * from no_such_table_here");
        } catch (SQLException expected) {
            // 42P01
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select now()")) {
            rs.next();
        }
    }

    interface PortWorkload {
        void run(int port) throws Exception;
    }

    private static void record(String name, String listen, PgServer pg, List<String> captureCommand, String ext, Properties extra,
                               Workload work) throws Exception {
        record(name, listen, pg, captureCommand, ext, extra, work, null);
    }

    private static void record(String name, String listen, PgServer pg, List<String> captureCommand, String ext, Properties extra,
                               Workload work, PortWorkload raw) throws Exception {
        Files.createDirectories(OUT);
        Path capture = OUT.resolve(name + ext).toAbsolutePath();
        Path session = OUT.resolve(name + ".pgwb");
        Files.deleteIfExists(capture);
        try (SessionStore store = SessionStore.create(session);
             Relay relay = Relay.start(RelayConfig.of(listen, 0, pg.host(), pg.port()), store)) {
            String filter = "tcp port " + relay.port();
            List<String> cmd = new ArrayList<>(captureCommand.stream().map(a -> a.equals("FILTER") ? filter : a).toList());
            cmd.add(capture.toString());
            if (!cmd.get(0).equals("dumpcap")) {
                cmd.add(filter); // dumpcap takes one -f per interface, given above
            }
            Process tcpdump = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(tcpdump.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.contains("listening on") && !line.contains("Capturing on")) {
                System.out.println(line);
            }
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(System.out::println));
            Thread.sleep(500); // the capture's socket is open once it says so; a moment more for the filter
            Properties p = new Properties();
            p.setProperty("user", PgServer.SUPERUSER);
            p.putAll(extra);
            String host = listen.contains(":") ? "[" + listen + "]" : listen;
            if (raw != null) {
                raw.run(relay.port());
            } else {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + relay.port() + "/postgres", p)) {
                    work.run(c);
                }
            }
            for (var conn : store.connections()) {
                store.awaitClosed(conn.id(), 10_000);
            }
            relay.awaitRecorded(10_000);
            Thread.sleep(1000); // the last ACKs reach the capture
            tcpdump.destroy();
            tcpdump.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.println(name + ": " + Files.size(capture) + " bytes captured, " + Files.size(session) + " bytes recorded");
    }
}
