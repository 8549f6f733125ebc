package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.StartupCodes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imports the captures under {@code src/test/resources/pcap} (made by {@code make-captures.sh}
 * with tcpdump, dumpcap and editcap from real pgJDBC traffic through a relay to PostgreSQL 18) and
 * compares every frame with the relay's own recording of the same run, byte for byte.
 */
class CaptureImportTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Paths.get(CaptureImportTest.class.getResource("/pcap/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every frame of a connection as "F TYPED hex", in recorded order. */
    static List<String> frames(SessionStore store, int conn) {
        List<String> out = new ArrayList<>();
        if (store.frameCount() == 0) {
            return out;
        }
        for (RecordedFrame f : store.frames(0, store.frameCount())) {
            if (f.connectionId() == conn) {
                out.add(f.frame().direction().code() + " " + f.frame().kind() + " " + HexFormat.of().formatHex(f.frame().bytes()));
            }
        }
        return out;
    }

    static List<String> recorded(String base) throws IOException {
        try (SessionStore rec = SessionStore.open(fixture(base + ".pgwb"))) {
            return frames(rec, 1);
        }
    }

    private SessionStore imported(String capture, CaptureImport.Result[] result) throws IOException {
        SessionStore store = SessionStore.create(tmp.resolve(capture + ".pgwb"));
        result[0] = CaptureImport.importInto(fixture(capture), store, CaptureImport.Options.defaults());
        return store;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "plain.pcap, plain",              // Ethernet on lo, IPv4, microsecond pcap
            "ipv6.pcap, ipv6",                // relay listening on ::1
            "nsec.pcap, plain",               // nanosecond pcap (editcap -F nsecpcap)
            "bigendian.pcap, plain",          // big-endian pcap
            "vlan.pcap, plain",               // stacked 802.1ad + 802.1Q tags
            "rawip.pcap, plain",              // LINKTYPE_RAW
            "null.pcap, plain",               // BSD loopback, AF_INET in host order
            "loop.pcap, plain",               // OpenBSD loopback, AF_INET in network order
            "sll.pcap, plain",                // Linux cooked v1
            "twoif.pcapng, twoif",            // pcapng, lo (Ethernet) and any (Linux cooked v2), every packet twice
            "reordered.pcap, bigquery",       // segments swapped, one retransmitted
            "bigquery.pcap, bigquery"})
    void importsTheFramesTheRelayRecorded(String capture, String base) throws IOException {
        CaptureImport.Result[] result = new CaptureImport.Result[1];
        try (SessionStore store = imported(capture, result)) {
            assertThat(result[0].connections()).isEqualTo(1);
            assertThat(frames(store, 1)).containsExactlyElementsOf(recorded(base));
            ConnectionInfo c = store.connection(1);
            assertThat(c.user()).isEqualTo("postgres");
            assertThat(c.database()).isEqualTo("postgres");
            assertThat(c.note()).startsWith("imported from " + capture);
            assertThat(c.isOpen()).isFalse();
            assertThat(c.closeReason()).isIn("client closed", "server closed");
            assertThat(result[0].frames()).isEqualTo(store.frameCount());
        }
    }

    @Test
    void capturesTimesAreTheFramesTimesAtMicrosecondAndNanosecondResolution() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore micro = imported("plain.pcap", r); SessionStore nano = imported("nsec.pcap", r)) {
            List<RecordedFrame> a = micro.frames(0, micro.frameCount());
            List<RecordedFrame> b = nano.frames(0, nano.frameCount());
            assertThat(a).hasSameSizeAs(b);
            long previous = 0;
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).frame().timeNanos()).isEqualTo(a.get(i).frame().timeNanos());
                assertThat(a.get(i).frame().timeNanos()).isGreaterThanOrEqualTo(previous);
                previous = a.get(i).frame().timeNanos();
            }
            // 2026 in epoch nanoseconds: the capture's clock, not the import's
            assertThat(micro.connection(1).openedNanos()).isBetween(1_700_000_000_000_000_000L, 2_000_000_000_000_000_000L);
            assertThat(micro.connection(1).openedNanos()).isLessThanOrEqualTo(a.get(0).frame().timeNanos());
        }
    }

    @Test
    void theAnalysisDiagnosesTheImportedErrors() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("plain.pcap", r)) {
            List<Diagnosis> diagnoses = SessionAnalysis.of(store).diagnoses();
            assertThat(diagnoses).extracting(Diagnosis::code).contains("22012", "42P01");
        }
    }

    @Test
    void aCaptureJoinedMidConnectionResumesAtAMessageBoundary() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("midstream.pcap", r)) {
            assertThat(r[0].connections()).isEqualTo(1);
            List<String> got = frames(store, 1);
            List<String> all = recorded("plain");
            // no byte of what was captured is lost: leading bytes before the first boundary are RAW
            List<String> typed = got.stream().dropWhile(f -> f.contains(" RAW ")).toList();
            assertThat(typed).isNotEmpty();
            assertThat(all.subList(all.size() - typed.size(), all.size())).containsExactlyElementsOf(typed);
            assertThat(typed.size()).isGreaterThan(all.size() / 2);
            ConnectionInfo c = store.connection(1);
            assertThat(c.note()).contains("joined mid-connection");
            assertThat(c.client()).isEqualTo(recordedClient("plain"));
            assertThat(c.closeReason()).isEqualTo("client closed");
        }
    }

    /**
     * plain.pcap without its SYN, SYN-ACK and ACK: joined late for TCP, yet the client's first bytes
     * are its SSLRequest and StartupMessage, so it is framed as the whole capture is, from the start.
     */
    @Test
    void aCaptureMissingOnlyTheTcpHandshakeIsFramedFromTheStartupAsTheWholeCapture() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore late = imported("nohandshake.pcap", r); SessionStore whole = imported("plain.pcap", new CaptureImport.Result[1])) {
            assertThat(r[0].connections()).isEqualTo(1);
            assertThat(frames(late, 1)).containsExactlyElementsOf(frames(whole, 1)).containsExactlyElementsOf(recorded("plain"));
            ConnectionInfo c = late.connection(1);
            assertThat(c.user()).isEqualTo("postgres");
            assertThat(c.database()).isEqualTo("postgres");
            assertThat(c.client()).isEqualTo(recordedClient("plain"));
            assertThat(c.note()).contains("misses its TCP handshake but holds its startup").doesNotContain("joined mid-connection");
            assertThat(c.closeReason()).isEqualTo(whole.connection(1).closeReason());

            List<Decoded> lateDecoded = decoded(late);
            List<Decoded> wholeDecoded = decoded(whole);
            // SSLRequest, the server's 'N', then the StartupMessage read with its parameters
            assertThat(lateDecoded.get(2).message()).isInstanceOfSatisfying(StartupMessage.class, m -> {
                assertThat(m.protocolVersion()).isEqualTo(StartupCodes.PROTOCOL_3_0);
                assertThat(m.parameters()).contains(new StartupParameter("user", "postgres"), new StartupParameter("database", "postgres"));
            });
            // and so every later message decodes as in the whole capture (authentication, statements, errors)
            assertThat(lateDecoded).extracting(Decoded::message).containsExactlyElementsOf(wholeDecoded.stream().map(Decoded::message).toList());
            assertThat(lateDecoded).extracting(Decoded::problems).containsExactlyElementsOf(wholeDecoded.stream().map(Decoded::problems).toList());
            assertThat(lateDecoded).noneMatch(Decoded::isUndecoded);
            assertThat(SessionAnalysis.of(late).diagnoses()).extracting(Diagnosis::code).contains("22012", "42P01");
        }
    }

    /** Connection 1's frames decoded in order against one connection state. */
    static List<Decoded> decoded(SessionStore store) {
        ConnectionDecoder decoder = new ConnectionDecoder();
        return store.frames(0, store.frameCount()).stream().filter(f -> f.connectionId() == 1).map(f -> decoder.decode(f.frame())).toList();
    }

    static String recordedClient(String base) throws IOException {
        try (SessionStore rec = SessionStore.open(fixture(base + ".pgwb"))) {
            return rec.connection(1).client();
        }
    }

    @Test
    void aLostSegmentIsAGapAndDecodingResumesAtTheNextMessage() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("dropped.pcap", r)) {
            List<String> got = frames(store, 1);
            List<String> all = recorded("bigquery");
            String bigQuery = all.stream().filter(f -> f.startsWith("F TYPED 51") && f.length() > 10_000).findFirst().orElseThrow();
            int bigLength = (bigQuery.length() - "F TYPED ".length()) / 2;
            // everything else arrives intact, in order; the big Query's captured bytes are RAW frames
            List<String> expected = new ArrayList<>(all);
            expected.remove(bigQuery);
            assertThat(got.stream().filter(f -> !f.contains(" RAW ")).toList()).containsExactlyElementsOf(expected);
            int rawBytes = got.stream().filter(f -> f.startsWith("F RAW ")).mapToInt(f -> (f.length() - "F RAW ".length()) / 2).sum();
            assertThat(rawBytes).isEqualTo(bigLength - 1000);
            ConnectionInfo c = store.connection(1);
            assertThat(c.note()).containsPattern("gap: 1000 byte\\(s\\) of the client's stream \\(F\\) missing from the capture at stream offset 2041");
            assertThat(r[0].notes()).anyMatch(n -> n.contains("gap: 1000 byte(s)"));
            // the frames after the gap decode: the next Query is read as a Query again
            assertThat(got).contains(all.stream().filter(f -> f.startsWith("F TYPED 51") && f.contains(
                    HexFormat.of().formatHex("after the gap".getBytes()))).findFirst().orElseThrow());
        }
    }

    @Test
    void aCancelRequestOnItsOwnConnectionIsLinkedToTheConnectionItCancels() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("cancel.pcap", r); SessionStore rec = SessionStore.open(fixture("cancel.pgwb"))) {
            assertThat(r[0].connections()).isEqualTo(2);
            assertThat(frames(store, 1)).containsExactlyElementsOf(frames(rec, 1));
            assertThat(frames(store, 2)).containsExactlyElementsOf(frames(rec, 2));
            assertThat(store.connection(2).note()).containsPattern("CancelRequest for connection 1 \\(process \\d+\\)");
            assertThat(store.connection(1).note()).contains("cancelled by connection 2");
            assertThat(SessionAnalysis.of(store).diagnoses()).extracting(Diagnosis::code).contains("57014");
        }
    }

    /** tcpdump -s 90: most packets lose their payload's end; what is left is kept, the rest are gaps. */
    @Test
    void packetsCutByTheSnapshotLengthLeaveGapsAndKeepEveryCapturedByte() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("snaplen.pcap", r)) {
            assertThat(r[0].notes()).anyMatch(n -> n.endsWith("packet(s) were cut by the capture's snapshot length"));
            assertThat(r[0].notes()).anyMatch(n -> n.startsWith("connection 1: gap: "));
            List<String> all = recorded("plain");
            List<String> got = frames(store, 1);
            // the frames that survived whole are the recorded ones, in the recorded order
            List<String> whole = got.stream().filter(f -> !f.contains(" RAW ")).toList();
            assertThat(whole.size()).isGreaterThanOrEqualTo(10);
            int at = 0;
            for (String f : whole) {
                at = all.subList(at, all.size()).indexOf(f) + at;
                assertThat(at).as(f).isGreaterThanOrEqualTo(0);
                at++;
            }
            // no byte lost: what was framed plus what the gaps say is missing is what crossed the wire
            long recordedBytes = all.stream().mapToLong(f -> f.substring(f.lastIndexOf(' ') + 1).length() / 2).sum();
            long framed = store.frames(0, store.frameCount()).stream().mapToLong(f -> f.frame().length()).sum();
            java.util.regex.Matcher sum = java.util.regex.Pattern.compile("gap\\(s\\) in all, (\\d+) byte").matcher(store.connection(1).note());
            long missing;
            if (sum.find()) {
                missing = Long.parseLong(sum.group(1));
            } else {
                missing = java.util.regex.Pattern.compile("gap: (\\d+) byte").matcher(store.connection(1).note()).results()
                        .mapToLong(m -> Long.parseLong(m.group(1))).sum();
            }
            assertThat(framed + missing).isEqualTo(recordedBytes);
        }
    }

    /** The forced port decides alone: the same frames without looking at the content. */
    @Test
    void aForcedPortImportsAConnectionJoinedLateWithoutContentDetection() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        List<String> byContent;
        String upstream;
        try (SessionStore store = imported("midstream.pcap", r)) {
            byContent = frames(store, 1);
            upstream = store.connection(1).upstream();
        }
        int port = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
        try (SessionStore store = SessionStore.create(tmp.resolve("forced.pgwb"))) {
            CaptureImport.Result forced = CaptureImport.importInto(fixture("midstream.pcap"), store,
                    new CaptureImport.Options(java.util.Set.of(port), false));
            assertThat(forced.connections()).isEqualTo(1);
            assertThat(frames(store, 1)).containsExactlyElementsOf(byContent);
            assertThat(store.connection(1).upstream()).isEqualTo(upstream);
            assertThat(store.connection(1).note()).contains("joined mid-connection");
        }
    }

    @Test
    void aConnectionSeenOnTwoInterfacesNamesBoth() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("twoif.pcapng", r)) {
            assertThat(store.connection(1).note()).contains("lo").contains("any");
            assertThat(r[0].packets()).isEqualTo(2L * (r[0].packets() / 2)); // every packet twice
        }
    }

    @Test
    void theCaptureFileIsRecognisedByItsMagic() {
        for (String f : List.of("plain.pcap", "nsec.pcap", "bigendian.pcap", "twoif.pcapng")) {
            assertThat(CaptureImport.looksLikeCapture(fixture(f))).as(f).isTrue();
        }
        assertThat(CaptureImport.looksLikeCapture(fixture("plain.pgwb"))).isFalse();
    }

    @Test
    void framesKeepTheirDirections() throws IOException {
        CaptureImport.Result[] r = new CaptureImport.Result[1];
        try (SessionStore store = imported("plain.pcap", r)) {
            RecordedFrame first = store.frame(0);
            assertThat(first.frame().direction()).isEqualTo(Direction.FRONTEND);
            assertThat(first.frame().kind()).isEqualTo(FrameKind.UNTYPED); // SSLRequest
        }
    }
}
