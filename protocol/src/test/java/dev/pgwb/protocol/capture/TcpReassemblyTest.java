package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.FrameKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reassembly, recognition and sides on conversations built packet by packet from the frames the
 * relay recorded in {@code plain.pgwb} (real pgJDBC ↔ PostgreSQL 18 bytes), for what captures made
 * on demand cannot show: sequence numbers wrapping, overlaps with other bytes, odd ports, no handshake.
 */
class TcpReassemblyTest {

    @TempDir
    Path tmp;

    private List<RecordedFrame> recorded;
    private List<String> expected;

    @BeforeEach
    void load() throws IOException {
        try (SessionStore rec = SessionStore.open(CaptureImportTest.fixture("plain.pgwb"))) {
            recorded = rec.frames(0, rec.frameCount());
            expected = CaptureImportTest.frames(rec, 1);
        }
    }

    private SyntheticCapture replay(SyntheticCapture c, int from, int mss) {
        for (RecordedFrame f : recorded.subList(from, recorded.size())) {
            c.send(f.frame().direction() == Direction.FRONTEND, f.frame().bytes(), mss);
        }
        return c;
    }

    private record Imported(SessionStore store, CaptureImport.Result result) {
    }

    private Imported importBytes(byte[] capture, CaptureImport.Options options) throws IOException {
        Path file = Files.write(tmp.resolve("c" + System.nanoTime() + ".pcap"), capture);
        SessionStore store = SessionStore.create(tmp.resolve("s" + System.nanoTime() + ".pgwb"));
        return new Imported(store, CaptureImport.importInto(file, store, options));
    }

    @Test
    void sequenceNumbersWrapAroundTwoToThe32() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 0xffffff80L, 0xfffffff0L).handshake();
        Imported i = importBytes(replay(c, 0, 50).close(true).pcap(), CaptureImport.Options.defaults());
        try (SessionStore s = i.store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).client()).isEqualTo("10.0.0.1:40000");
            assertThat(s.connection(1).upstream()).isEqualTo("10.0.0.2:5432");
            assertThat(s.connection(1).closeReason()).isEqualTo("client closed");
        }
    }

    @Test
    void ipv6WithAnExtensionHeaderAndIpv4WithOptions() throws IOException {
        SyntheticCapture c = new SyntheticCapture("fe80::1", 40000, "fe80::2", 5432, 1000, 2000).handshake();
        try (SessionStore s = importBytes(replay(c, 0, 1000).close(false).pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).client()).isEqualTo("[fe80:0:0:0:0:0:0:1]:40000");
            assertThat(s.connection(1).closeReason()).isEqualTo("server closed");
        }
    }

    @Test
    void outOfOrderAndOverlappingSegmentsAreDeliveredOnceInOrder() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 7, 9).handshake();
        byte[] first = recorded.get(0).frame().bytes(); // the SSLRequest, 8 bytes
        c.segmentAt(true, 5, java.util.Arrays.copyOfRange(first, 5, 8)); // its tail first
        c.segmentAt(true, 3, java.util.Arrays.copyOfRange(first, 3, 8)); // overlapping the tail
        c.segmentAt(true, 0, java.util.Arrays.copyOfRange(first, 0, 6)); // then the head
        c.segmentAt(true, 0, first);                                      // and all of it again
        c.advance(true, first.length).ack(false);
        replay(c, 1, 64).close(true);
        try (SessionStore s = importBytes(c.pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).note()).doesNotContain("differ");
        }
    }

    @Test
    void aRetransmissionWithOtherBytesKeepsTheFirstCopyAndSaysSo() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 7, 9).handshake();
        replay(c, 0, 1000);
        c.segmentAt(true, -4, new byte[] {'X', 0, 0, 0}); // the Terminate's last 4 bytes, different
        c.close(true);
        Imported i = importBytes(c.pcap(), CaptureImport.Options.defaults());
        try (SessionStore s = i.store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).note()).contains("retransmitted bytes of the client's stream at offset")
                    .contains("differ from the first copy; the first copy was kept");
            assertThat(i.result.notes()).anyMatch(n -> n.contains("differ from the first copy"));
        }
    }

    @Test
    void whenOnlyTheSynsAnswerWasCapturedTheClientsStreamStillStartsAtItsBeginning() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 6543, 7, 9).handshake();
        c.packets.removeFirst(); // the SYN
        try (SessionStore s = importBytes(replay(c, 0, 1000).close(true).pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).note()).doesNotContain("mid-connection");
        }
    }

    @Test
    void keepAliveProbesAreNoRetransmissions() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 7, 9).handshake();
        replay(c, 0, 1000);
        c.segmentAt(true, -1, new byte[] {0}); // Linux: one byte below the next sequence number, a zero
        c.ack(false);
        c.close(true);
        try (SessionStore s = importBytes(c.pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).note()).doesNotContain("differ");
        }
    }

    @Test
    void bytesThePeerAcknowledgedButTheCaptureLacksAreAGapAtTheEnd() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 7, 9).handshake();
        replay(c, 0, 1000);
        c.advance(false, 100).ack(true); // 100 server bytes the capture never saw, acknowledged by the client
        c.close(true);
        try (SessionStore s = importBytes(c.pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).note()).contains("gap: 100 byte(s) of the server's stream (B) missing from the capture");
        }
    }

    @Test
    void aConnectionOnAnotherPortIsRecognisedByItsStartup() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 6543, 1, 1).handshake();
        try (SessionStore s = importBytes(replay(c, 0, 1460).close(true).pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).user()).isEqualTo("postgres");
        }
    }

    /** No handshake, an odd port, the server's packet first: the sides come from which types each direction sends. */
    @Test
    void aConnectionJoinedLateOnAnotherPortIsRecognisedByItsMessagesBothWays() throws IOException {
        int from = firstTypedFrontendAfterStartup();
        SyntheticCapture c = new SyntheticCapture("10.0.0.2", 6543, "10.0.0.1", 40000, 5000, 9000); // "client" here = the server
        for (RecordedFrame f : recorded.subList(from, recorded.size())) {
            c.send(f.frame().direction() == Direction.BACKEND, f.frame().bytes(), 1460);
        }
        c.close(false);
        try (SessionStore s = importBytes(c.pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(s.connections()).hasSize(1);
            assertThat(s.connection(1).client()).isEqualTo("10.0.0.1:40000");
            assertThat(s.connection(1).note()).contains("joined mid-connection");
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected.subList(from, expected.size()));
        }
    }

    /** No handshake, an odd port, but the client's first bytes are its startup: recognised and framed from it. */
    @Test
    void aConnectionWithoutItsHandshakeOnAnotherPortIsRecognisedAndFramedByItsStartup() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 6543, 5000, 9000); // no handshake()
        try (SessionStore s = importBytes(replay(c, 0, 1460).close(true).pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(s.connections()).hasSize(1);
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).client()).isEqualTo("10.0.0.1:40000");
            assertThat(s.connection(1).user()).isEqualTo("postgres");
            assertThat(s.connection(1).note()).contains("misses its TCP handshake but holds its startup");
        }
    }

    /**
     * Joined late where the client's first bytes are the end of a Bind whose last parameter (int32 12,
     * then a value reading as code 3.0 and one name/value pair) looks like a small startup packet: no
     * StartupMessage is made of it; the bytes are RAW up to the next message, as for any late join.
     */
    @Test
    void midMessageBytesThatLookLikeAStartupPacketAreStillResynchronised() throws IOException {
        int from = firstTypedFrontendAfterStartup();
        byte[] bindTail = HexFormat.of().parseHex("0000000c000300006b000000000000000001" + "0000");
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 5000, 9000);
        boolean first = true;
        for (RecordedFrame f : recorded.subList(from, recorded.size())) {
            boolean client = f.frame().direction() == Direction.FRONTEND;
            byte[] bytes = first ? concat(bindTail, f.frame().bytes()) : f.frame().bytes();
            first = false;
            c.send(client, bytes, 1460);
        }
        c.close(true);
        try (SessionStore s = importBytes(c.pcap(), CaptureImport.Options.defaults()).store) {
            List<String> got = CaptureImportTest.frames(s, 1);
            assertThat(got.getFirst()).isEqualTo("F RAW " + HexFormat.of().formatHex(bindTail));
            assertThat(got.subList(1, got.size())).containsExactlyElementsOf(expected.subList(from, expected.size()));
            assertThat(s.connection(1).user()).isEmpty();
            assertThat(s.connection(1).note()).contains("joined mid-connection");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private int firstTypedFrontendAfterStartup() {
        for (int i = 0; i < recorded.size(); i++) {
            RecordedFrame f = recorded.get(i);
            if (f.frame().direction() == Direction.FRONTEND && f.frame().kind() == FrameKind.TYPED && f.frame().bytes()[0] == 'P') {
                return i;
            }
        }
        throw new AssertionError("no Parse in plain.pgwb");
    }

    @Test
    void aNewConnectionOnTheSameAddressesAndPortsIsANewConnection() throws IOException {
        SyntheticCapture first = replay(new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 100, 200).handshake(), 0, 1460);
        // its end was not captured; the client's next connection happens to get the same port
        SyntheticCapture second = replay(new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 90_000, 70_000).handshake(), 0, 1460)
                .close(true);
        first.packets.addAll(second.packets);
        try (SessionStore s = importBytes(first.pcap(), CaptureImport.Options.defaults()).store) {
            assertThat(s.connections()).hasSize(2);
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(CaptureImportTest.frames(s, 2)).containsExactlyElementsOf(expected);
            assertThat(s.connection(1).closeReason()).isEqualTo("not seen to end: a new connection reused its addresses and ports");
            assertThat(s.connection(2).closeReason()).isEqualTo("client closed");
        }
    }

    @Test
    void progressIsReportedAndTheImportCanBeStopped() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 1, 1).handshake();
        for (int i = 0; i < 150; i++) {
            replay(c, 0, 1460); // about 3.5 MB of packets
        }
        Path file = Files.write(tmp.resolve("big.pcap"), c.pcap());
        List<Long> seen = new ArrayList<>();
        try (SessionStore s = SessionStore.create(tmp.resolve("p.pgwb"))) {
            CaptureImport.importInto(file, s, CaptureImport.Options.defaults(), (read, size) -> seen.add(read));
            assertThat(s.connections()).isNotEmpty();
        }
        assertThat(seen).hasSizeGreaterThan(1).isSorted();
        assertThat(seen.getLast()).isEqualTo(Files.size(file));
        try (SessionStore s = SessionStore.create(tmp.resolve("q.pgwb"))) {
            assertThatThrownBy(() -> CaptureImport.importInto(file, s, CaptureImport.Options.defaults(), (read, size) -> false))
                    .isInstanceOf(java.io.InterruptedIOException.class).hasMessageStartingWith("import of big.pcap stopped after ");
            assertThat(s.frameCount()).isPositive(); // what came before the stop stays
            assertThat(s.frame(0).frame().bytes()).isEqualTo(recorded.get(0).frame().bytes());
            assertThat(s.connection(1).closeReason()).isEqualTo("import stopped");
        }
    }

    @Test
    void otherProtocolsAreLeftOut() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 8080, 1, 1).handshake();
        c.send(true, "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        c.close(true);
        Imported i = importBytes(c.pcap(), CaptureImport.Options.defaults());
        try (SessionStore s = i.store) {
            assertThat(i.result.connections()).isZero();
            assertThat(i.result.notes()).isEmpty(); // saying that nothing was found, and what to do, is the caller's
            assertThat(s.frameCount()).isZero();
            assertThat(i.result.packets()).isEqualTo(c.packets.size());
        }
    }

    @Test
    void aGivenPortIsPostgresWhateverItCarries() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 6000, 1, 1).handshake();
        c.send(true, "hello".getBytes(StandardCharsets.US_ASCII));
        c.close(true);
        byte[] capture = c.pcap();
        try (SessionStore s = importBytes(capture, new CaptureImport.Options(Set.of(6000), false)).store) {
            assertThat(s.connections()).hasSize(1);
            assertThat(s.connection(1).upstream()).isEqualTo("10.0.0.2:6000");
            assertThat(s.frame(0).frame().kind()).isEqualTo(FrameKind.RAW); // "hello" is no startup packet: kept raw
        }
        try (SessionStore s = importBytes(capture, new CaptureImport.Options(Set.of(), false)).store) {
            assertThat(s.connections()).isEmpty();
        }
    }

    @Test
    void tlsAfterSslRequestIsRecordedAsTlsRecordsWithANote() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 1, 1).handshake();
        c.send(true, HexFormat.of().parseHex("0000000804d2162f"));
        c.send(false, new byte[] {'S'});
        c.send(true, HexFormat.of().parseHex("1603010004" + "01000000"));
        c.send(false, HexFormat.of().parseHex("1603030002" + "0200" + "1703030003" + "aabbcc"));
        c.close(true);
        try (SessionStore s = importBytes(c.pcap(), CaptureImport.Options.defaults()).store) {
            List<FrameKind> kinds = new ArrayList<>();
            for (RecordedFrame f : s.frames(0, s.frameCount())) {
                kinds.add(f.frame().kind());
            }
            assertThat(kinds).containsExactly(FrameKind.UNTYPED, FrameKind.SINGLE_BYTE, FrameKind.TLS_RECORD, FrameKind.TLS_RECORD,
                    FrameKind.TLS_RECORD);
            assertThat(s.connection(1).note()).contains("TLS after SSLRequest: the encrypted records cannot be decoded");
        }
    }

    @Test
    void fragmentsAreSkippedWithANote() throws IOException {
        SyntheticCapture c = new SyntheticCapture("10.0.0.1", 40000, "10.0.0.2", 5432, 1, 1).handshake();
        replay(c, 0, 1460).fragment().close(true);
        Imported i = importBytes(c.pcap(), CaptureImport.Options.defaults());
        try (SessionStore s = i.store) {
            assertThat(CaptureImportTest.frames(s, 1)).containsExactlyElementsOf(expected);
            assertThat(i.result.skippedPackets()).isEqualTo(1);
            assertThat(i.result.notes()).anyMatch(n -> n.startsWith("1 packet(s) skipped: IPv4 fragment (not the first)"));
        }
    }
}
