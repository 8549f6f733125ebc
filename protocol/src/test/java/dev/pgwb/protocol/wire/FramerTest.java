package dev.pgwb.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramerTest {

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] startup() {
        // length 23: int32 len, int32 196608, "user\0bob\0\0"
        byte[] body = "user\0bob\0\0".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[8 + body.length];
        int len = b.length;
        b[0] = (byte) (len >>> 24);
        b[1] = (byte) (len >>> 16);
        b[2] = (byte) (len >>> 8);
        b[3] = (byte) len;
        b[4] = 0; b[5] = 3; b[6] = 0; b[7] = 0;
        System.arraycopy(body, 0, b, 8, body.length);
        return b;
    }

    static final byte[] SSL_REQUEST = hex("00000008 04d2162f");
    static final byte[] GSSENC_REQUEST = hex("00000008 04d21630");
    static final byte[] QUERY = cat(hex("51 0000000d"), "SELECT 1\0".getBytes(StandardCharsets.US_ASCII));
    static final byte[] SYNC = hex("53 00000004");
    static final byte[] READY = hex("5a 00000005 49");
    static final byte[] AUTH_OK = hex("52 00000008 00000000");
    static final byte[] TLS_RECORD = hex("16 0301 0005 0100000100");
    static final byte[] TLS_APP_DATA = hex("17 0303 0003 aabbcc");

    private static List<Frame> feedAll(Framer f, Direction d, byte[] data, int chunk) {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += chunk) {
            f.feed(d, data, i, Math.min(chunk, data.length - i), i, out::add);
        }
        return out;
    }

    @Test
    void anyChunkingGivesTheSameFrames() {
        byte[] stream = cat(startup(), QUERY, SYNC, QUERY);
        List<Frame> whole = feedAll(new Framer(), Direction.FRONTEND, stream, stream.length);
        assertThat(whole).extracting(Frame::kind).containsExactly(FrameKind.UNTYPED, FrameKind.TYPED, FrameKind.TYPED, FrameKind.TYPED);
        Random rnd = new Random(42);
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            List<Frame> pieces = feedAll(new Framer(), Direction.FRONTEND, stream, chunk);
            assertThat(pieces).extracting(Frame::bytes).usingElementComparator((a, b) -> java.util.Arrays.compare(a, b))
                    .containsExactlyElementsOf(whole.stream().map(Frame::bytes).toList());
            assertThat(pieces).extracting(Frame::streamOffset).containsExactly(0L, (long) startup().length,
                    (long) startup().length + QUERY.length, (long) startup().length + QUERY.length + SYNC.length);
        }
        // random chunk sizes too
        for (int run = 0; run < 200; run++) {
            Framer f = new Framer();
            List<Frame> got = new ArrayList<>();
            int i = 0;
            while (i < stream.length) {
                int n = 1 + rnd.nextInt(Math.min(9, stream.length - i));
                f.feed(Direction.FRONTEND, stream, i, n, 0, got::add);
                i += n;
            }
            assertThat(got).hasSize(4);
        }
    }

    @Test
    void sslRequestAcceptedMakesBothDirectionsTls() {
        Framer f = new Framer();
        assertThat(f.feed(Direction.FRONTEND, SSL_REQUEST, 0)).extracting(Frame::kind).containsExactly(FrameKind.UNTYPED);
        assertThat(f.feed(Direction.BACKEND, hex("53"), 0)).extracting(Frame::kind).containsExactly(FrameKind.SINGLE_BYTE);
        assertThat(f.feed(Direction.FRONTEND, cat(TLS_RECORD, TLS_APP_DATA), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.TLS_RECORD, FrameKind.TLS_RECORD);
        assertThat(f.feed(Direction.BACKEND, TLS_APP_DATA, 0)).extracting(Frame::kind).containsExactly(FrameKind.TLS_RECORD);
    }

    @Test
    void sslRefusedThenStartupInPlaintext() {
        Framer f = new Framer();
        f.feed(Direction.FRONTEND, SSL_REQUEST, 0);
        assertThat(f.feed(Direction.BACKEND, hex("4e"), 0)).extracting(Frame::kind).containsExactly(FrameKind.SINGLE_BYTE);
        assertThat(f.feed(Direction.FRONTEND, cat(startup(), QUERY), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.UNTYPED, FrameKind.TYPED);
        // The backend's 'R' after the answer is a typed message, not another answer.
        assertThat(f.feed(Direction.BACKEND, cat(AUTH_OK, READY), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.TYPED, FrameKind.TYPED);
    }

    @Test
    void gssRefusedThenSslAccepted() {
        Framer f = new Framer();
        f.feed(Direction.FRONTEND, GSSENC_REQUEST, 0);
        assertThat(f.feed(Direction.BACKEND, hex("4e"), 0)).extracting(Frame::kind).containsExactly(FrameKind.SINGLE_BYTE);
        f.feed(Direction.FRONTEND, SSL_REQUEST, 0);
        assertThat(f.feed(Direction.BACKEND, hex("53"), 0)).extracting(Frame::kind).containsExactly(FrameKind.SINGLE_BYTE);
        assertThat(f.feed(Direction.FRONTEND, TLS_RECORD, 0)).extracting(Frame::kind).containsExactly(FrameKind.TLS_RECORD);
    }

    @Test
    void gssAcceptedGivesGssPackets() {
        Framer f = new Framer();
        f.feed(Direction.FRONTEND, GSSENC_REQUEST, 0);
        f.feed(Direction.BACKEND, hex("47"), 0);
        assertThat(f.feed(Direction.FRONTEND, hex("00000003 010203 00000001 ff"), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.GSS_PACKET, FrameKind.GSS_PACKET);
        assertThat(f.feed(Direction.BACKEND, hex("00000002 0102"), 0)).extracting(Frame::kind).containsExactly(FrameKind.GSS_PACKET);
    }

    @Test
    void directTlsClientHelloIsRecognised() {
        Framer f = new Framer();
        assertThat(f.feed(Direction.FRONTEND, TLS_RECORD, 0)).extracting(Frame::kind).containsExactly(FrameKind.TLS_RECORD);
        assertThat(f.feed(Direction.BACKEND, TLS_APP_DATA, 0)).extracting(Frame::kind).containsExactly(FrameKind.TLS_RECORD);
    }

    @Test
    void serverBytesAloneAreReadFromTheBytes() {
        // 'N' answer followed by 'R': an answer, not a NoticeResponse
        assertThat(new Framer().feed(Direction.BACKEND, cat(hex("4e"), AUTH_OK), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.SINGLE_BYTE, FrameKind.TYPED);
        // NoticeResponse: 'N' followed by a length whose first byte is 0
        byte[] notice = cat(hex("4e 0000000b"), "SWARN\0".getBytes(StandardCharsets.US_ASCII), hex("00"));
        assertThat(new Framer().feed(Direction.BACKEND, cat(notice, READY), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.TYPED, FrameKind.TYPED);
        assertThat(new Framer().feed(Direction.BACKEND, cat(AUTH_OK, READY), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.TYPED, FrameKind.TYPED);
    }

    @Test
    void impossibleLengthGivesMalformedThenRawWithoutAllocating() {
        Framer f = new Framer(1 << 20);
        byte[] stream = cat(startup(), QUERY, hex("51 7fffffff"), "junk that follows".getBytes(StandardCharsets.US_ASCII));
        List<Frame> frames = f.feed(Direction.FRONTEND, stream, 0);
        assertThat(frames).extracting(Frame::kind)
                .containsExactly(FrameKind.UNTYPED, FrameKind.TYPED, FrameKind.MALFORMED, FrameKind.RAW);
        assertThat(frames.get(2).problem()).contains("exceeds the maximum");
        assertThat(f.feed(Direction.FRONTEND, QUERY, 0)).extracting(Frame::kind).containsExactly(FrameKind.RAW);
        // every byte is kept
        long total = frames.stream().mapToLong(Frame::length).sum();
        assertThat(total).isEqualTo(stream.length);
    }

    @Test
    void lengthBelowFourIsMalformed() {
        Framer f = new Framer();
        f.feed(Direction.BACKEND, AUTH_OK, 0);
        List<Frame> frames = f.feed(Direction.BACKEND, hex("5a 00000003 49"), 0);
        assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.MALFORMED, FrameKind.RAW);
        assertThat(frames.get(0).problem()).contains("less than 4");
    }

    @Test
    void incompleteTailComesOutAtEndOfStream() {
        Framer f = new Framer();
        f.feed(Direction.FRONTEND, startup(), 0);
        assertThat(f.feed(Direction.FRONTEND, hex("51 0000000d 5345"), 0)).isEmpty();
        assertThat(f.pendingBytes(Direction.FRONTEND)).isEqualTo(7);
        List<Frame> tail = f.finish(Direction.FRONTEND, 0);
        assertThat(tail).singleElement().satisfies(fr -> {
            assertThat(fr.kind()).isEqualTo(FrameKind.RAW);
            assertThat(fr.length()).isEqualTo(7);
            assertThat(fr.problem()).contains("stream ended inside a frame");
        });
    }

    @Test
    void seqCountsFramesOfBothDirections() {
        Framer f = new Framer();
        List<Frame> all = new ArrayList<>();
        all.addAll(f.feed(Direction.FRONTEND, startup(), 0));
        all.addAll(f.feed(Direction.BACKEND, cat(AUTH_OK, READY), 0));
        all.addAll(f.feed(Direction.FRONTEND, QUERY, 0));
        assertThat(all).extracting(Frame::seq).containsExactly(0L, 1L, 2L, 3L);
        assertThat(all).extracting(Frame::direction).containsExactly(Direction.FRONTEND, Direction.BACKEND, Direction.BACKEND,
                Direction.FRONTEND);
    }

    @Test
    void largeMessageAcrossManyChunks() {
        byte[] body = new byte[300_000];
        java.util.Arrays.fill(body, (byte) 'x');
        body[body.length - 1] = 0;
        byte[] q = new byte[5 + body.length];
        q[0] = 'Q';
        int len = 4 + body.length;
        q[1] = (byte) (len >>> 24); q[2] = (byte) (len >>> 16); q[3] = (byte) (len >>> 8); q[4] = (byte) len;
        System.arraycopy(body, 0, q, 5, body.length);
        Framer f = new Framer();
        f.feed(Direction.FRONTEND, startup(), 0);
        List<Frame> frames = feedAll(f, Direction.FRONTEND, cat(q, SYNC), 8192);
        assertThat(frames).extracting(Frame::length).containsExactly(q.length, SYNC.length);
    }

    @Test
    void pastStartupReadsTypedMessagesFromTheFirstByte() {
        Framer f = Framer.pastStartup();
        assertThat(f.feed(Direction.FRONTEND, cat(QUERY, SYNC), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.TYPED, FrameKind.TYPED);
        // 'S' here is ParameterStatus-like typed data, not an SSL answer
        assertThat(f.feed(Direction.BACKEND, cat(hex("53 00000008 61006200"), READY), 0)).extracting(Frame::kind)
                .containsExactly(FrameKind.TYPED, FrameKind.TYPED);
    }

    /** What a framer makes of one connection's bytes, fed in arrival order, each piece in chunks of {@code chunk} bytes. */
    private static List<Frame> connection(Framer f, int chunk, Object... directionAndBytes) {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < directionAndBytes.length; i += 2) {
            Direction d = (Direction) directionAndBytes[i];
            byte[] data = (byte[]) directionAndBytes[i + 1];
            for (int at = 0; at < data.length; at += chunk) {
                f.feed(d, data, at, Math.min(chunk, data.length - at), 0, out::add);
            }
        }
        f.finish(Direction.FRONTEND, 0, out::add);
        f.finish(Direction.BACKEND, 0, out::add);
        return out;
    }

    /** A late-joined connection whose first frontend bytes are a startup-phase packet frames as one whose start was seen, in any chunks. */
    private static void framedAsFromItsStart(Object... directionAndBytes) {
        int total = 0;
        for (int i = 1; i < directionAndBytes.length; i += 2) {
            total += ((byte[]) directionAndBytes[i]).length;
        }
        List<Frame> expected = connection(new Framer(), total, directionAndBytes);
        assertThat(expected).first().extracting(Frame::kind).isEqualTo(FrameKind.UNTYPED);
        for (int chunk = 1; chunk <= total; chunk++) {
            assertThat(connection(Framer.resyncing(), chunk, directionAndBytes)).as("chunks of %d", chunk)
                    .containsExactlyElementsOf(expected);
        }
    }

    static byte[] startupWith(int version, String parameters) {
        byte[] body = parameters.getBytes(StandardCharsets.UTF_8);
        return cat(int32(8 + body.length), int32(version), body);
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static final byte[] ERROR = cat(hex("45 00000021"), "SFATAL\0C28000\0Mno such role\0\0".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aResyncingFramerReadsALeadingStartupMessageAsIfTheHandshakeWasSeen() {
        byte[] startup = startupWith(StartupCodes.PROTOCOL_3_0, "user\0alice\0database\0shop\0application_name\0psql\0\0");
        framedAsFromItsStart(Direction.FRONTEND, startup, Direction.BACKEND, cat(AUTH_OK, READY), Direction.FRONTEND, cat(QUERY, SYNC),
                Direction.BACKEND, READY);
        // protocol 3.2, and a server that refuses: the ErrorResponse is its whole answer
        framedAsFromItsStart(Direction.FRONTEND, startupWith(StartupCodes.PROTOCOL_3_2, "user\0bob\0\0"), Direction.BACKEND, ERROR);
    }

    @Test
    void aResyncingFramerReadsALeadingSslOrGssRequestAndTheOneByteAnswer() {
        // refused, then the StartupMessage in plaintext
        framedAsFromItsStart(Direction.FRONTEND, SSL_REQUEST, Direction.BACKEND, hex("4e"), Direction.FRONTEND, startup(),
                Direction.BACKEND, cat(AUTH_OK, READY), Direction.FRONTEND, QUERY);
        // accepted: TLS records both ways
        List<Frame> tls = connection(Framer.resyncing(), 3, Direction.FRONTEND, SSL_REQUEST, Direction.BACKEND, hex("53"),
                Direction.FRONTEND, cat(TLS_RECORD, TLS_APP_DATA), Direction.BACKEND, TLS_APP_DATA);
        assertThat(tls).extracting(Frame::kind).containsExactly(FrameKind.UNTYPED, FrameKind.SINGLE_BYTE, FrameKind.TLS_RECORD,
                FrameKind.TLS_RECORD, FrameKind.TLS_RECORD);
        framedAsFromItsStart(Direction.FRONTEND, SSL_REQUEST, Direction.BACKEND, hex("53"), Direction.FRONTEND, cat(TLS_RECORD, TLS_APP_DATA),
                Direction.BACKEND, TLS_APP_DATA);
        // GSSENCRequest accepted: GSSAPI packets
        framedAsFromItsStart(Direction.FRONTEND, GSSENC_REQUEST, Direction.BACKEND, hex("47"), Direction.FRONTEND, hex("00000003 010203"),
                Direction.BACKEND, hex("00000002 0102"));
        // GSSENCRequest refused, then SSLRequest refused, then the startup
        framedAsFromItsStart(Direction.FRONTEND, GSSENC_REQUEST, Direction.BACKEND, hex("4e"), Direction.FRONTEND, SSL_REQUEST,
                Direction.BACKEND, hex("4e"), Direction.FRONTEND, startup(), Direction.BACKEND, AUTH_OK);
    }

    @Test
    void aResyncingFramerReadsALeadingCancelRequestOfEitherProtocol() {
        framedAsFromItsStart(Direction.FRONTEND, hex("00000010 04d2162e 00001234 cafebabe"));
        byte[] key32 = new byte[32];
        java.util.Arrays.fill(key32, (byte) 0x5a);
        framedAsFromItsStart(Direction.FRONTEND, cat(int32(12 + 32), int32(StartupCodes.CANCEL_REQUEST), int32(4321), key32));
    }

    /** Bytes from mid-stream that begin like a startup packet but are not one: resynchronised, nothing taken for a StartupMessage. */
    @Test
    void bytesThatOnlyLookLikeAStartupPacketAreResynchronisedAsBefore() {
        byte[] noUser = startupWith(StartupCodes.PROTOCOL_3_0, "k\0\0\0");                 // a 3.0 code, a pair, no user
        byte[] noTerminator = startupWith(StartupCodes.PROTOCOL_3_0, "user\0bob\0xy");     // the length ends inside a name
        byte[] terminatorEarly = cat(startupWith(StartupCodes.PROTOCOL_3_0, "user\0bob\0\0"), hex("00")); // length one past the terminator
        terminatorEarly[3]++;
        byte[] version2 = startupWith(2 << 16, "user\0bob\0\0");
        byte[] longSsl = cat(hex("00000010 04d2162f"), hex("0000000000000000"));
        byte[] shortCancel = hex("0000000c 04d2162e 00001234");
        byte[] tooLong = startupWith(StartupCodes.PROTOCOL_3_0, "user\0" + "x".repeat(10_000) + "\0\0");
        for (byte[] lead : List.of(noUser, noTerminator, terminatorEarly, version2, longSsl, shortCancel, tooLong)) {
            byte[] stream = cat(lead, QUERY, SYNC);
            for (int chunk : new int[] {1, 7, stream.length}) {
                List<Frame> frames = connection(Framer.resyncing(), chunk, Direction.FRONTEND, stream, Direction.BACKEND, READY);
                assertThat(frames).as("%s in chunks of %d", HexFormat.of().formatHex(lead, 0, 8), chunk)
                        .extracting(Frame::kind).doesNotContain(FrameKind.UNTYPED, FrameKind.SINGLE_BYTE);
                assertThat(frames).filteredOn(fr -> fr.direction() == Direction.FRONTEND).extracting(Frame::kind)
                        .endsWith(FrameKind.TYPED, FrameKind.TYPED);
                assertThat(frames.stream().mapToInt(Frame::length).sum()).isEqualTo(stream.length + READY.length);
            }
        }
    }

    /** A Bind's last parameter (int32 12, then a value that reads as code 3.0 and one name/value pair): no user, so no StartupMessage. */
    @Test
    void midMessageBytesWithASmallLengthStillResyncLikeAPastStartupStream() {
        // the last parameter of a Bind: int32 length 12, then 12 bytes of value starting with 00 03
        byte[] bindTail = cat(hex("0000000c 00030000 6b000000 00000000"), hex("0001 0000"));
        byte[] stream = cat(bindTail, hex("45 00000009 00 00000000"), SYNC);
        List<Frame> frames = Framer.resyncing().feed(Direction.FRONTEND, stream, 0);
        assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.RAW, FrameKind.TYPED, FrameKind.TYPED);
        assertThat(frames.get(0).length()).isEqualTo(bindTail.length);
    }

    @Test
    void serverBytesBeforeTheWholeStartupPacketRuleItOut() {
        byte[] startup = startup();
        // a server answers only a whole startup packet: its bytes before that one's end mean there was none
        List<Frame> frames = connection(Framer.resyncing(), 100, Direction.FRONTEND, java.util.Arrays.copyOf(startup, 10),
                Direction.BACKEND, cat(AUTH_OK, READY), Direction.FRONTEND, cat(java.util.Arrays.copyOfRange(startup, 10, startup.length), QUERY));
        assertThat(frames).extracting(Frame::kind).doesNotContain(FrameKind.UNTYPED);
        assertThat(frames).filteredOn(fr -> fr.direction() == Direction.BACKEND).extracting(Frame::kind)
                .containsExactly(FrameKind.TYPED, FrameKind.TYPED);
        // the server first (a connection joined while the client was quiet): the client's bytes are resynchronised
        Framer f = Framer.resyncing();
        assertThat(f.feed(Direction.BACKEND, READY, 0)).extracting(Frame::kind).containsExactly(FrameKind.TYPED);
        assertThat(f.feed(Direction.FRONTEND, cat(startup, QUERY), 0)).extracting(Frame::kind).containsExactly(FrameKind.RAW, FrameKind.TYPED);
    }

    @Test
    void heldBytesComeOutBeforeTheServerBytesThatRuledTheStartupOut() {
        Framer f = Framer.resyncing();
        // could still be a StartupMessage of length 0x17: held
        assertThat(f.feed(Direction.FRONTEND, cat(hex("00000017 00030000"), "us".getBytes(StandardCharsets.US_ASCII)), 1)).isEmpty();
        List<Frame> frames = f.feed(Direction.BACKEND, READY, 2);
        assertThat(frames).extracting(Frame::direction).containsExactly(Direction.FRONTEND, Direction.BACKEND);
        assertThat(frames.get(0).kind()).isEqualTo(FrameKind.RAW);
        assertThat(frames.get(0).timeNanos()).isEqualTo(1);
        assertThat(frames).extracting(Frame::seq).containsExactly(0L, 1L);
    }

    @Test
    void anIncompleteStartupPacketAtTheEndOrBeforeAGapIsRaw() {
        byte[] startup = startup();
        Framer ended = Framer.resyncing();
        assertThat(ended.feed(Direction.FRONTEND, java.util.Arrays.copyOf(startup, 12), 0)).isEmpty();
        assertThat(ended.finish(Direction.FRONTEND, 0)).extracting(Frame::kind, Frame::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FrameKind.RAW, 12));
        Framer cut = Framer.resyncing();
        cut.feed(Direction.FRONTEND, java.util.Arrays.copyOf(startup, 12), 0);
        List<Frame> frames = new ArrayList<>();
        cut.gap(Direction.FRONTEND, 100, 0, frames::add);
        cut.feed(Direction.FRONTEND, cat(QUERY, SYNC), 0, QUERY.length + SYNC.length, 0, frames::add);
        assertThat(frames).extracting(Frame::kind).containsExactly(FrameKind.RAW, FrameKind.TYPED, FrameKind.TYPED);
        assertThat(frames.get(1).streamOffset()).isEqualTo(112);
    }

    @Test
    void packetAtTellsAWholeStartupPacketOnlyWhenItIsThere() {
        byte[] startup = startup();
        for (int n = 0; n < startup.length; n++) {
            assertThat(StartupCodes.packetAt(startup, 0, n)).as("first %d bytes", n).isZero();
        }
        assertThat(StartupCodes.packetAt(startup, 0, startup.length)).isEqualTo(1);
        assertThat(StartupCodes.packetAt(cat(startup, QUERY), 0, startup.length + QUERY.length)).isEqualTo(1);
        assertThat(StartupCodes.packetAt(hex("00000008 04d2162f"), 0, 8)).isEqualTo(1);
        assertThat(StartupCodes.packetAt(hex("00000008 04d21630"), 0, 8)).isEqualTo(1);
        // wrong from the first bytes
        assertThat(StartupCodes.packetAt(QUERY, 0, 1)).isEqualTo(-1);                    // 'Q' is no length's high byte
        assertThat(StartupCodes.packetAt(hex("00002711"), 0, 4)).isEqualTo(-1);          // 10001 bytes
        assertThat(StartupCodes.packetAt(hex("00000007"), 0, 4)).isEqualTo(-1);
        assertThat(StartupCodes.packetAt(hex("00000017 0002"), 0, 6)).isEqualTo(-1);     // version 2
        assertThat(StartupCodes.packetAt(hex("00000008 04d21631"), 0, 8)).isEqualTo(-1); // no such code
        assertThat(StartupCodes.packetAt(hex("00000008 04d3"), 0, 6)).isEqualTo(-1);
        assertThat(StartupCodes.packetAt(hex("00000009 0003000000"), 0, 9)).isEqualTo(-1); // a terminator but no user
    }
}
