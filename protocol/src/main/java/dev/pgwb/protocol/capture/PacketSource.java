package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.wire.BigEndian;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The packets of a pcap or pcapng file, read one at a time (a capture of any size in a few
 * buffers' memory).
 *
 * <p>Hand-written, pure Java: the Java pcap libraries (pcap4j, jNetPcap) read files through the
 * native libpcap, which a desktop tool cannot count on, and both formats are short, fully
 * specified block layouts (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng).
 */
public interface PacketSource extends AutoCloseable {

    int PCAP_MICROS = 0xa1b2c3d4;
    int PCAP_NANOS = 0xa1b23c4d;
    int PCAPNG_SHB = 0x0a0d0d0a;

    /** The next packet, or null at the end of the file. A damaged tail ends the file with a note. */
    CapturedPacket next() throws IOException;

    /** What was noticed while reading (truncated last block, packets cut by the snapshot length...). */
    List<String> notes();

    /** "pcap" or "pcapng". */
    String format();

    @Override
    void close() throws IOException;

    /** Opens {@code file} as pcap or pcapng by its first four bytes. */
    static PacketSource open(Path file) throws IOException {
        return open(file, new long[1]);
    }

    /** Like {@link #open(Path)}; {@code position[0]} follows the bytes read from the file. */
    static PacketSource open(Path file, long[] position) throws IOException {
        InputStream in = new BufferedInputStream(new java.io.FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    position[0]++;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    position[0] += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = super.skip(n);
                position[0] += k;
                return k;
            }
        }, 1 << 16);
        try {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new CaptureException(file.getFileName() + " is not a capture: it is " + (magic.length == 0 ? "empty"
                        : "only " + magic.length + " byte(s) long") + " (a pcap or pcapng file starts with a 4-byte magic number)");
            }
            int be = BigEndian.int32(magic, 0);
            int le = Integer.reverseBytes(be);
            if (be == PCAPNG_SHB) {
                return new PcapngReader(in, file.getFileName().toString());
            }
            if (be == PCAP_MICROS || be == PCAP_NANOS) {
                return new PcapReader(in, file.getFileName().toString(), true, be == PCAP_NANOS);
            }
            if (le == PCAP_MICROS || le == PCAP_NANOS) {
                return new PcapReader(in, file.getFileName().toString(), false, le == PCAP_NANOS);
            }
            throw new CaptureException(file.getFileName() + " is not a pcap or pcapng capture (it starts with "
                    + String.format("%02x %02x %02x %02x", magic[0], magic[1], magic[2], magic[3]) + ")");
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** True when {@code file} starts with a pcap magic (either byte order, micro- or nanosecond) or a pcapng section header. */
    static boolean looksLikeCapture(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] m = in.readNBytes(4);
            if (m.length < 4) {
                return false;
            }
            int be = BigEndian.int32(m, 0);
            int le = Integer.reverseBytes(be);
            return be == PCAPNG_SHB || be == PCAP_MICROS || be == PCAP_NANOS || le == PCAP_MICROS || le == PCAP_NANOS;
        } catch (IOException e) {
            return false;
        }
    }
}
