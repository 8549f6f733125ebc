package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.Framer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Damaged and arbitrary files never make the import throw anything but {@link CaptureException}, nor hang. */
class CaptureGarbageProperties {

    private static final List<String> FIXTURES = List.of("plain.pcap", "twoif.pcapng", "dropped.pcap", "bigendian.pcap", "nsec.pcap");
    private static final byte[][] MAGICS = {
            {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4},
            {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1}, {(byte) 0xa1, (byte) 0xb2, 0x3c, 0x4d}, {0x0a, 0x0d, 0x0d, 0x0a}, {}};

    private static byte[] fixture(int i) {
        try {
            return Files.readAllBytes(CaptureImportTest.fixture(FIXTURES.get(i % FIXTURES.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports the bytes; only a CaptureException may come out, within five seconds. */
    private static void importSurvives(byte[] bytes) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Path dir = Files.createTempDirectory("pgwb-garbage");
            Path file = Files.write(dir.resolve("g.pcap"), bytes);
            try (SessionStore store = SessionStore.create(dir.resolve("g.pgwb"))) {
                CaptureImport.Result r = CaptureImport.importInto(file, store, CaptureImport.Options.defaults());
                assertThat(r.frames()).isEqualTo(store.frameCount());
            } catch (CaptureException expected) {
                assertThat(expected.getMessage()).startsWith("g.pcap");
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir.resolve("g.pgwb"));
                Files.deleteIfExists(dir);
            }
        });
    }

    @Property(tries = 300)
    void arbitraryBytesBehindAnyMagic(@ForAll @IntRange(min = 0, max = 5) int magic, @ForAll @Size(max = 600) byte[] rest) {
        byte[] m = MAGICS[magic];
        byte[] bytes = new byte[m.length + rest.length];
        System.arraycopy(m, 0, bytes, 0, m.length);
        System.arraycopy(rest, 0, bytes, m.length, rest.length);
        importSurvives(bytes);
    }

    @Property(tries = 300)
    void realCapturesWithBytesChanged(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll long seed,
                                      @ForAll @IntRange(min = 1, max = 40) int changes) {
        byte[] b = fixture(which);
        Random r = new Random(seed);
        for (int i = 0; i < changes; i++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        importSurvives(b);
    }

    @Property(tries = 200)
    void realCapturesCutAnywhere(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        byte[] b = fixture(which);
        importSurvives(java.util.Arrays.copyOf(b, Math.min(cut, b.length)));
    }

    /** Resynchronising after gaps never loses a byte: frames cover the stream except exactly the missing bytes. */
    @Property(tries = 1000)
    void resyncKeepsEveryByte(@ForAll @Size(max = 30) List<@Size(max = 200) byte[]> chunks, @ForAll long seed,
                              @ForAll boolean startMidStream) {
        Framer framer = startMidStream ? Framer.resyncing() : Framer.pastStartup();
        Random r = new Random(seed);
        List<Frame> frames = new ArrayList<>();
        long fed = 0;
        long missing = 0;
        for (byte[] c : chunks) {
            if (r.nextInt(4) == 0) {
                long gap = 1 + r.nextInt(5000);
                framer.gap(Direction.BACKEND, gap, 0, frames::add);
                missing += gap;
            }
            framer.feed(Direction.BACKEND, c, 0, c.length, 0, frames::add);
            fed += c.length;
        }
        framer.finish(Direction.BACKEND, 0, frames::add);
        assertThat(frames.stream().mapToLong(Frame::length).sum()).isEqualTo(fed);
        long expectedOffset = 0;
        for (Frame f : frames) {
            assertThat(f.streamOffset()).isGreaterThanOrEqualTo(expectedOffset);
            expectedOffset = f.streamOffset() + f.length();
        }
        assertThat(expectedOffset).isLessThanOrEqualTo(fed + missing);
    }

    /**
     * A late-joined stream whose client bytes begin with a whole, cut or damaged startup-phase packet,
     * the two directions interleaved at random with gaps: never a lost or doubled byte either way.
     */
    @Property(tries = 1000)
    void aLeadingStartupPacketWholeCutOrDamagedKeepsEveryByte(@ForAll @IntRange(min = 0, max = 3) int lead, @ForAll @IntRange(min = 0, max = 40) int cut,
                                                         @ForAll @Size(max = 20) List<@Size(max = 100) byte[]> chunks, @ForAll long seed) {
        byte[] startup = "\0\0\0\u0012\0\u0003\0\0user\0bob\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] first = switch (lead) {
            case 0 -> startup;
            case 1 -> java.util.Arrays.copyOf(startup, Math.min(cut, startup.length));
            case 2 -> new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f};
            default -> {
                byte[] damaged = startup.clone();
                damaged[cut % damaged.length] ^= 0x40;
                yield damaged;
            }
        };
        Framer framer = Framer.resyncing();
        Random r = new Random(seed);
        List<Frame> frames = new ArrayList<>();
        long[] fed = new long[2];
        framer.feed(Direction.FRONTEND, first, 0, first.length, 0, frames::add);
        fed[0] += first.length;
        for (byte[] c : chunks) {
            Direction d = r.nextBoolean() ? Direction.FRONTEND : Direction.BACKEND;
            if (r.nextInt(8) == 0) {
                framer.gap(d, 1 + r.nextInt(100), 0, frames::add);
            }
            framer.feed(d, c, 0, c.length, 0, frames::add);
            fed[d.ordinal()] += c.length;
        }
        framer.finish(Direction.FRONTEND, 0, frames::add);
        framer.finish(Direction.BACKEND, 0, frames::add);
        for (Direction d : Direction.values()) {
            List<Frame> mine = frames.stream().filter(f -> f.direction() == d).toList();
            assertThat(mine.stream().mapToLong(Frame::length).sum()).as(d.name()).isEqualTo(fed[d.ordinal()]);
            long next = 0;
            for (Frame f : mine) {
                assertThat(f.streamOffset()).isGreaterThanOrEqualTo(next);
                next = f.streamOffset() + f.length();
            }
        }
        assertThat(frames).extracting(Frame::seq).isSorted().doesNotHaveDuplicates();
        if (lead == 0) {
            assertThat(frames.getFirst().kind()).isEqualTo(dev.pgwb.protocol.wire.FrameKind.UNTYPED);
        }
    }
}
