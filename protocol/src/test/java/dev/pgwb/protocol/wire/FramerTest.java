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
}
