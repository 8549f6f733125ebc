package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.Malformed;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Arbitrary bytes never make the framer or decoder throw, lose a byte, or leave a byte without a field. */
class GarbageProperties {

    @Property(tries = 2000)
    void arbitraryStreamsNeverThrowAndKeepEveryByte(@ForAll @Size(max = 400) byte[] client, @ForAll @Size(max = 400) byte[] server,
                                                    @ForAll @IntRange(min = 1, max = 64) int chunk) {
        ConnectionDecoder cd = new ConnectionDecoder();
        List<Decoded> out = new ArrayList<>();
        long[] fed = new long[2];
        int ci = 0;
        int si = 0;
        while (ci < client.length || si < server.length) {
            if (ci < client.length) {
                int n = Math.min(chunk, client.length - ci);
                cd.feed(Direction.FRONTEND, client, ci, n, 0, out::add);
                ci += n;
            }
            if (si < server.length) {
                int n = Math.min(chunk, server.length - si);
                cd.feed(Direction.BACKEND, server, si, n, 0, out::add);
                si += n;
            }
        }
        cd.finish(Direction.FRONTEND, 0, out::add);
        cd.finish(Direction.BACKEND, 0, out::add);
        for (Decoded d : out) {
            fed[d.frame().direction().ordinal()] += d.frame().length();
            FieldCoverage.assertCovers(d);
        }
        assertThat(fed[0]).isEqualTo(client.length);
        assertThat(fed[1]).isEqualTo(server.length);
    }

    @Property(tries = 5000)
    void arbitraryBodiesOfEveryTypeNeverThrow(@ForAll("typeBytes") int type, @ForAll @Size(max = 80) byte[] body,
                                              @ForAll("directions") Direction dir, @ForAll("states") ConnectionState state) {
        byte[] frame = new byte[5 + body.length];
        frame[0] = (byte) type;
        int len = 4 + body.length;
        frame[1] = (byte) (len >>> 24);
        frame[2] = (byte) (len >>> 16);
        frame[3] = (byte) (len >>> 8);
        frame[4] = (byte) len;
        System.arraycopy(body, 0, frame, 5, body.length);
        Decoded d = new Decoder().decode(new Frame(dir, 0, 0, 0, FrameKind.TYPED, frame, null), state);
        FieldCoverage.assertCovers(d);
        if (d.message() instanceof Malformed) {
            assertThat(d.problems()).isNotEmpty();
        }
        assertThat(d.problems()).noneMatch(p -> p.contains("internal decoder error"));
    }

    @Property(tries = 2000)
    void truncatedUntypedPacketsNeverThrow(@ForAll @Size(min = 8, max = 120) byte[] packet) {
        int len = packet.length;
        packet[0] = (byte) (len >>> 24);
        packet[1] = (byte) (len >>> 16);
        packet[2] = (byte) (len >>> 8);
        packet[3] = (byte) len;
        Decoded d = new Decoder().decode(new Frame(Direction.FRONTEND, 0, 0, 0, FrameKind.UNTYPED, packet, null), new ConnectionState());
        FieldCoverage.assertCovers(d);
        assertThat(d.problems()).noneMatch(p -> p.contains("internal decoder error"));
    }

    @Property(tries = 2000)
    void everyPrefixOfAValidMessageIsMalformedNotAnException(@ForAll("anyMessage") Message m, @ForAll @IntRange(min = 0, max = 1000) int cut) {
        byte[] full = dev.pgwb.protocol.codec.Encoder.encode(m);
        if (full.length < 6 || m instanceof dev.pgwb.protocol.message.Unknown) {
            return;
        }
        int keep = 5 + cut % (full.length - 5);
        if (keep >= full.length) {
            return;
        }
        byte[] cutFrame = java.util.Arrays.copyOf(full, keep);
        // keep the length field honest about the cut, as a framer would have cut it
        int len = keep - 1;
        cutFrame[1] = (byte) (len >>> 24);
        cutFrame[2] = (byte) (len >>> 16);
        cutFrame[3] = (byte) (len >>> 8);
        cutFrame[4] = (byte) len;
        Direction dir = m instanceof dev.pgwb.protocol.message.FrontendMessage ? Direction.FRONTEND : Direction.BACKEND;
        Decoded d = new Decoder().decode(new Frame(dir, 0, 0, 0, FrameKind.TYPED, cutFrame, null), new ConnectionState());
        FieldCoverage.assertCovers(d);
        assertThat(d.problems()).noneMatch(p -> p.contains("internal decoder error"));
    }

    @Provide
    Arbitrary<Message> anyMessage() {
        RoundTripProperties p = new RoundTripProperties();
        return Arbitraries.oneOf(List.of(p.frontendMessages().map(x -> (Message) x), p.backendMessages().map(x -> (Message) x)))
                .filter(m -> !(m instanceof dev.pgwb.protocol.message.StartupMessage
                        || m instanceof dev.pgwb.protocol.message.SSLRequest
                        || m instanceof dev.pgwb.protocol.message.GSSENCRequest
                        || m instanceof dev.pgwb.protocol.message.CancelRequest
                        || m instanceof dev.pgwb.protocol.message.SSLResponse
                        || m instanceof dev.pgwb.protocol.message.GSSENCResponse));
    }

    @Provide
    Arbitrary<Integer> typeBytes() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of((int) 'R', (int) 'K', (int) '1', (int) '2', (int) '3', (int) 'C', (int) 'd', (int) 'c', (int) 'G',
                        (int) 'H', (int) 'W', (int) 'D', (int) 'I', (int) 'E', (int) 'N', (int) 'V', (int) 'v', (int) 'n',
                        (int) 'A', (int) 't', (int) 'S', (int) 's', (int) 'Z', (int) 'T', (int) 'Q', (int) 'P', (int) 'B',
                        (int) 'X', (int) 'f', (int) 'F', (int) 'p'),
                Arbitraries.integers().between(0, 255)));
    }

    @Provide
    Arbitrary<Direction> directions() {
        return Arbitraries.of(Direction.class);
    }

    @Provide
    Arbitrary<ConnectionState> states() {
        return Arbitraries.of(0, 1, 2, 3, 4, 5, 6).map(i -> switch (i) {
            case 1 -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.SASL_INITIAL);
            case 2 -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.PASSWORD);
            case 3 -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.SASL_RESPONSE);
            case 4 -> new ConnectionState().withReplicationCopy();
            case 5 -> new ConnectionState().withClientEncoding("GBK");
            case 6 -> new ConnectionState().withProtocolVersion(dev.pgwb.protocol.wire.StartupCodes.PROTOCOL_3_0);
            default -> new ConnectionState();
        });
    }
}
