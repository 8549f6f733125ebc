package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.testing.RecordedWorkload;
import dev.pgwb.protocol.testing.Tshark;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pcapng export, read back by Wireshark's own dissectors (tshark 4.0) with checksum validation on. */
@ExtendWith(PostgresExtension.class)
class SessionToPcapngTest {
    @TempDir
    Path tmp;

    @Test
    void tsharkDecodesTheSameMessagesInTheSameOrderPerConnection(PgServer pg) throws Exception {
        Path session = RecordedWorkload.record(pg, tmp, "workload.pgwb");
        Path out = tmp.resolve("workload.pcapng");
        Map<Integer, List<String>> expected = new TreeMap<>();
        SessionToPcapng.Result result;
        try (SessionStore store = SessionStore.open(session)) {
            assertThat(store.connections()).hasSize(2);
            long[] progress = {0};
            result = SessionToPcapng.write(store, out, SessionToPcapng.Options.defaults(), n -> progress[0] = n, () -> false);
            assertThat(progress[0]).isEqualTo(store.frameCount());
            assertThat(result.frames()).isEqualTo(store.frameCount());
            assertThat(result.connections()).isEqualTo(2);
            for (RecordedFrame rf : store.frames(0, store.frameCount())) {
                Frame f = rf.frame();
                if (rf.connectionId() == 2 && (f.kind() == FrameKind.SINGLE_BYTE || isSslRequest(f))) {
                    continue; // the TLS-terminated connection's SSLRequest and 'S' go to a comment
                }
                expected.computeIfAbsent(rf.connectionId() - 1, k -> new ArrayList<>()).add(wiresharkName(f));
            }
        }
        assertThat(expected.get(0)).contains("F Parse", "B Error", "B CopyIn response", "F Copy data", "B CopyOut response",
                "B Notification");
        assertThat(expected.get(1)).contains("F Startup message", "F Simple query", "B Data row");
        assertThat(result.notes()).anyMatch(n -> n.contains("connection 2") && n.contains("TLS"));

        Map<Integer, List<String>> seen = new TreeMap<>();
        for (String line : Tshark.read(out, "-Y", "pgsql", "-T", "fields", "-E", "separator=;",
                "-e", "tcp.stream", "-e", "pgsql.frontend", "-e", "pgsql.type")) {
            String[] p = line.split(";", -1);
            String[] sides = p[1].split(",");
            String[] types = p[2].split(",");
            for (int i = 0; i < types.length; i++) {
                seen.computeIfAbsent(Integer.parseInt(p[0]), k -> new ArrayList<>())
                        .add((sides[Math.min(i, sides.length - 1)].equals("1") || sides[Math.min(i, sides.length - 1)].equals("True")
                                ? "F " : "B ") + types[i]);
            }
        }
        assertThat(seen).isEqualTo(expected);

        String expert = String.join("\n", Tshark.read(out, "-q", "-z", "expert"));
        assertThat(expert).doesNotContain("Errors (").doesNotContain("Warnings (").doesNotContain("Malformed")
                .contains("pgwb connection 1: client 127.0.0.1:").contains("left out of this TCP stream");
        List<String> comments = Tshark.read(out, "-Y", "frame.comment", "-T", "fields", "-e", "frame.comment");
        assertThat(String.join("\n", comments)).contains("export-tls").contains("client TLS terminated by the relay");
        assertThat(Tshark.read(out, "-Y", "tcp.analysis.flags || _ws.malformed || tcp.checksum.status == 2 || ip.checksum.status == 2"))
                .as("packets Wireshark flags").isEmpty();
        assertThat(Tshark.read(out, "-T", "fields", "-e", "frame.time_delta")).as("packets in time order")
                .allMatch(d -> !d.startsWith("-"));
    }

    @Test
    void roundTripThroughCaptureImportGivesTheSameFramesByteForByte(PgServer pg) throws Exception {
        Path session = RecordedWorkload.record(pg, tmp, "roundtrip.pgwb");
        Path out = tmp.resolve("roundtrip.pcapng");
        Map<Integer, List<String>> before = new TreeMap<>();
        try (SessionStore store = SessionStore.open(session)) {
            SessionToPcapng.write(store, out, SessionToPcapng.Options.defaults(), n -> { }, () -> false);
            for (RecordedFrame rf : store.frames(0, store.frameCount())) {
                Frame f = rf.frame();
                if (rf.connectionId() == 2 && (f.kind() == FrameKind.SINGLE_BYTE || isSslRequest(f))) {
                    continue; // described in a comment, not in the stream
                }
                before.computeIfAbsent(rf.connectionId(), k -> new ArrayList<>()).add(key(f));
            }
            assertThat(before.get(1)).hasSizeGreaterThan(100);
        }
        assertThat(CaptureImport.looksLikeCapture(out)).isTrue();
        Map<Integer, List<String>> after = new TreeMap<>();
        try (SessionStore back = SessionStore.create(tmp.resolve("back.pgwb"))) {
            CaptureImport.Result r = CaptureImport.importInto(out, back, CaptureImport.Options.defaults());
            assertThat(r.connections()).isEqualTo(2);
            for (RecordedFrame rf : back.frames(0, back.frameCount())) {
                after.computeIfAbsent(rf.connectionId(), k -> new ArrayList<>()).add(key(rf.frame()));
            }
            assertThat(back.connections()).extracting(c -> c.client().replaceAll(":\\d+$", ""))
                    .containsExactly("127.0.0.1", "127.0.0.1");
        }
        assertThat(after).isEqualTo(before);
    }

    /** Passwords and SCRAM proofs are masked in the export unless asked for; Wireshark still decodes the messages. */
    @Test
    void secretsAreMaskedUnlessRevealed(PgServer pg) throws Exception {
        String password = "pcap-s3cret";
        pg.execute("DROP ROLE IF EXISTS pcap_secret", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE pcap_secret LOGIN PASSWORD '" + password + "'");
        Path session = tmp.resolve("secrets.pgwb");
        pg.setHba(List.of("host all pcap_secret 127.0.0.1/32 password"));
        try (SessionStore store = SessionStore.create(session)) {
            dev.pgwb.protocol.client.ConnectionSettings login = dev.pgwb.protocol.client.ConnectionSettings
                    .of(pg.host(), pg.port(), "pcap_secret", "postgres").withPassword(password);
            try (dev.pgwb.protocol.client.WireClient c = new dev.pgwb.protocol.client.WireClient(login, store, null, null, null)) {
                c.connect("cleartext", login, java.time.Duration.ofSeconds(10)).close();
                pg.setHba(List.of("host all pcap_secret 127.0.0.1/32 scram-sha-256"));
                c.connect("scram", login, java.time.Duration.ofSeconds(10)).close();
            }
        } finally {
            pg.resetHba();
        }
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        Path masked = tmp.resolve("masked.pcapng");
        Path revealed = tmp.resolve("revealed.pcapng");
        try (SessionStore store = SessionStore.open(session)) {
            SessionToPcapng.write(store, masked, SessionToPcapng.Options.defaults(), n -> { }, () -> false);
            SessionToPcapng.write(store, revealed, SessionToPcapng.Options.defaults().withRevealSecrets(true), n -> { }, () -> false);
        }
        assertThat(indexOf(java.nio.file.Files.readAllBytes(revealed), secret)).as("revealed export holds the password").isPositive();
        assertThat(indexOf(java.nio.file.Files.readAllBytes(masked), secret)).as("masked export").isNegative();
        List<String> proofs = Tshark.read(masked, "-Y", "pgsql", "-T", "fields", "-e", "pgsql.password", "-e", "pgsql.type");
        assertThat(String.join("\n", proofs)).contains("***********").contains("SASL");
        assertThat(Tshark.read(masked, "-Y", "_ws.malformed || tcp.analysis.flags")).isEmpty();
        assertThat(String.join("\n", Tshark.read(masked, "-Y", "frame.comment", "-T", "fields", "-e", "frame.comment")))
                .contains("secret in this PasswordMessage masked").contains("secret in this SASLResponse masked");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Captures with a lost segment or joined mid-connection, imported then exported: the hole is a
     * hole in the sequence numbers again (Wireshark says so), and importing the export gives the same frames.
     */
    @Test
    void gapsOfAnImportedCaptureStayGapsInTheExport() throws Exception {
        for (String name : List.of("dropped.pcap", "midstream.pcap", "vlan.pcap", "twoif.pcapng")) {
            Path first = tmp.resolve(name + ".pgwb");
            Path out = tmp.resolve(name + ".out.pcapng");
            List<String> before = new ArrayList<>();
            try (SessionStore store = SessionStore.create(first)) {
                CaptureImport.importInto(CaptureImportTest.fixture(name), store, CaptureImport.Options.defaults());
                store.frames(0, store.frameCount()).forEach(rf -> before.add(rf.connectionId() + " " + key(rf.frame(), true)));
                SessionToPcapng.write(store, out, SessionToPcapng.Options.defaults(), n -> { }, () -> false);
            }
            List<String> after = new ArrayList<>();
            try (SessionStore back = SessionStore.create(tmp.resolve(name + ".back.pgwb"))) {
                CaptureImport.importInto(out, back, CaptureImport.Options.defaults());
                back.frames(0, back.frameCount()).forEach(rf -> after.add(rf.connectionId() + " " + key(rf.frame(), true)));
            }
            assertThat(after).as(name).isEqualTo(before);
            List<String> lost = Tshark.read(out, "-Y", "tcp.analysis.lost_segment", "-T", "fields", "-e", "frame.number");
            assertThat(String.join("\n", Tshark.read(out, "-q", "-z", "expert"))).as(name).doesNotContain("Errors (");
            if (name.equals("dropped.pcap")) {
                assertThat(lost).as(name).isNotEmpty();
            } else if (!name.equals("midstream.pcap")) {
                assertThat(lost).as(name).isEmpty();
            }
        }
    }

    /** Direction, time to the nanosecond, how it was cut, and every byte. */
    private static String key(Frame f) {
        return key(f, false);
    }

    /** With {@code offset}, where the frame sits in its direction's stream too (a gap moves it). */
    private static String key(Frame f, boolean offset) {
        byte[] b = f.bytes();
        String hex = java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 24));
        return f.direction().code() + " " + f.timeNanos() + " " + f.kind() + (offset ? " @" + f.streamOffset() : "") + " len=" + b.length + " " + hex
                + (b.length > 24 ? "… #" + java.util.Arrays.hashCode(b) : "") + (f.problem() == null ? "" : " (" + f.problem() + ")");
    }

    @Test
    void ipv6HostNamesLargeMessagesAndAnOpenConnection() throws Exception {
        Path out = tmp.resolve("synthetic.pcapng");
        byte[] big = query("SELECT '" + "x".repeat(200_000) + "'");
        try (SessionStore store = SessionStore.create(tmp.resolve("synthetic.pgwb"))) {
            int v6 = store.openConnection("[::1]:50001", "[::1]:6543", 1_000_000_000_000L, "");
            byte[] startup = ByteBuffer.allocate(23).putInt(23).putInt(196608).put("user\0postgres\0\0".getBytes(StandardCharsets.US_ASCII))
                    .array();
            store.append(v6, new Frame(Direction.FRONTEND, 0, 1_000_000_000_100L, 0, FrameKind.UNTYPED, startup, null),
                    RecordedFrame.Origin.FORWARDED);
            store.append(v6, new Frame(Direction.FRONTEND, 1, 1_000_000_000_500L, startup.length, FrameKind.TYPED, big, null),
                    RecordedFrame.Origin.FORWARDED);
            store.append(v6, new Frame(Direction.BACKEND, 2, 1_000_000_001_000L, 0, FrameKind.TYPED,
                    new byte[] {'Z', 0, 0, 0, 5, 'I'}, null), RecordedFrame.Origin.GENERATED);
            store.closeConnection(v6, 1_000_000_002_000L, "client closed");
            int named = store.openConnection("127.0.0.1:50002", "db.example.com:5432", 1_000_000_003_000L, "");
            store.append(named, new Frame(Direction.FRONTEND, 0, 1_000_000_003_500L, 0, FrameKind.TYPED, query("SELECT 1"), null),
                    RecordedFrame.Origin.FORWARDED); // begins mid-conversation: no handshake; still open: no FIN
            int refused = store.openConnection("127.0.0.1:50003", "127.0.0.1:5432", 1_000_000_001_500L, "");
            store.closeConnection(refused, 1_000_000_001_700L, "upstream refused"); // no frames: handshake, then FIN from the server
            SessionToPcapng.Result r = SessionToPcapng.write(store, out, SessionToPcapng.Options.defaults(), n -> { }, () -> false);
            assertThat(r.packets()).isEqualTo(3 + 1 + 4 + 1 + 3 + 1 + 6);
            assertThat(r.notes()).anyMatch(n -> n.contains("192.0.2.2")).anyMatch(n -> n.contains("6543 written as 5432"));
        }
        List<String> rows = Tshark.read(out, "-T", "fields", "-E", "separator=;", "-e", "frame.time_epoch", "-e", "ipv6.src",
                "-e", "ip.dst", "-e", "tcp.dstport", "-e", "tcp.len", "-e", "pgsql.type", "-e", "pgsql.length");
        assertThat(rows).hasSize(19);
        assertThat(rows).extracting(l -> l.substring(0, l.indexOf(';'))).isSorted();
        assertThat(rows.get(0)).startsWith("1000.000000000;::1;;5432;0");
        assertThat(rows).filteredOn(l -> l.contains("Simple query")).hasSize(2)
                .anyMatch(l -> l.endsWith(";" + (big.length - 1))) // reassembled from four segments
                .anyMatch(l -> l.contains(";192.0.2.2;"));
        assertThat(rows).filteredOn(l -> l.contains(";::1;;5432;65000;")).hasSize(3);
        assertThat(rows).anyMatch(l -> l.startsWith("1000.000001000;") && l.contains("Ready for query"));
        assertThat(String.join("\n", Tshark.read(out, "-q", "-z", "expert"))).doesNotContain("Errors (").doesNotContain("Warnings (")
                .contains("generated by the relay").contains("\"db.example.com:5432\" written as 192.0.2.2:5432");

        Path kept = tmp.resolve("kept.pcapng");
        try (SessionStore store = SessionStore.open(tmp.resolve("synthetic.pgwb"))) {
            SessionToPcapng.write(store, kept, SessionToPcapng.Options.defaults().withKeepServerPort(true)
                    .withConnections(java.util.Set.of(1)), n -> { }, () -> false);
        }
        assertThat(Tshark.read(kept, "-T", "fields", "-e", "tcp.dstport", "-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 0"))
                .containsExactly("6543");
    }

    private static byte[] query(String sql) {
        byte[] s = sql.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(s.length + 6);
        b.put((byte) 'Q').putInt(s.length + 5).put(s).put((byte) 0);
        return b.array();
    }

    private static boolean isSslRequest(Frame f) {
        return f.kind() == FrameKind.UNTYPED && f.bytes().length == 8 && ByteBuffer.wrap(f.bytes(), 4, 4).getInt() == StartupCodes.SSL_REQUEST;
    }

    /** Wireshark 4.0's names for message types (packet-pgsql.c), with F/B for the sender. */
    private static String wiresharkName(Frame f) {
        boolean fe = f.direction() == Direction.FRONTEND;
        String name;
        if (f.kind() == FrameKind.UNTYPED) {
            int code = ByteBuffer.wrap(f.bytes(), 4, 4).getInt();
            name = code == StartupCodes.CANCEL_REQUEST ? "Cancel request" : code == StartupCodes.SSL_REQUEST ? "SSL request"
                    : "Startup message";
        } else {
            char t = (char) f.bytes()[0];
            name = fe ? switch (t) {
                case 'Q' -> "Simple query";
                case 'P' -> "Parse";
                case 'B' -> "Bind";
                case 'E' -> "Execute";
                case 'D' -> "Describe";
                case 'C' -> "Close";
                case 'H' -> "Flush";
                case 'S' -> "Sync";
                case 'd' -> "Copy data";
                case 'c' -> "Copy completion";
                case 'f' -> "Copy failure";
                case 'X' -> "Termination";
                case 'p' -> "Password message";
                default -> "?" + t;
            } : switch (t) {
                case 'R' -> "Authentication request";
                case 'K' -> "Backend key data";
                case 'S' -> "Parameter status";
                case 'Z' -> "Ready for query";
                case 'C' -> "Command completion";
                case 'T' -> "Row description";
                case 'D' -> "Data row";
                case 'E' -> "Error";
                case 'N' -> "Notice";
                case 'A' -> "Notification";
                case '1' -> "Parse completion";
                case '2' -> "Bind completion";
                case '3' -> "Close completion";
                case 'n' -> "No data";
                case 't' -> "Parameter description";
                case 'G' -> "CopyIn response";
                case 'H' -> "CopyOut response";
                case 'd' -> "Copy data";
                case 'c' -> "Copy completion";
                default -> "?" + t;
            };
        }
        return (fe ? "F " : "B ") + name;
    }
}
