package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.wire.BigEndian;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic libpcap file format (draft-ietf-opsawg-pcap): a 24-byte header, then a 16-byte
 * record header before each packet. Either byte order (the magic tells), micro- or nanosecond
 * timestamps (magic {@code a1b2c3d4} or {@code a1b23c4d}).
 */
final class PcapReader implements PacketSource {
    /** Larger than any snapshot length tools write (262144); a record claiming more is damage. */
    static final int MAX_PACKET = 1 << 24;

    private final InputStream in;
    private final String name;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private final List<String> notes = new ArrayList<>();
    private long number;
    private long truncatedPackets;
    private boolean done;

    PcapReader(InputStream in, String name, boolean bigEndian, boolean nanos) throws IOException {
        this.in = in;
        this.name = name;
        this.bigEndian = bigEndian;
        this.nanos = nanos;
        byte[] rest = in.readNBytes(20);
        if (rest.length < 20) {
            throw new CaptureException(name + ": the pcap file header is cut short (" + (rest.length + 4)
                    + " of 24 bytes)");
        }
        int major = u16(rest, 0);
        if (major != 2) {
            throw new CaptureException(name + ": pcap version " + major + "." + u16(rest, 2) + " is not supported (only 2.x)");
        }
        // The link type is the low 16 bits; the upper ones may carry FCS information.
        this.linkType = i32(rest, 16) & 0xffff;
    }

    @Override
    public CapturedPacket next() throws IOException {
        if (done) {
            return null;
        }
        byte[] h = in.readNBytes(16);
        if (h.length == 0) {
            return end();
        }
        if (h.length < 16) {
            notes.add(name + ": the last packet record is cut short (" + h.length + " of 16 header bytes); left out");
            return end();
        }
        long seconds = i32(h, 0) & 0xffffffffL;
        long fraction = i32(h, 4) & 0xffffffffL;
        long caplen = i32(h, 8) & 0xffffffffL;
        long origlen = i32(h, 12) & 0xffffffffL;
        if (caplen > MAX_PACKET) {
            notes.add(name + ": packet " + (number + 1) + " claims " + caplen + " captured bytes, more than any capture holds: "
                    + "the file is damaged from there on and the rest was not read");
            return end();
        }
        byte[] data = in.readNBytes((int) caplen);
        if (data.length < caplen) {
            notes.add(name + ": the last packet is cut short (" + data.length + " of " + caplen + " bytes); left out");
            return end();
        }
        number++;
        if (origlen > caplen) {
            truncatedPackets++;
        }
        long time = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
        return new CapturedPacket(number, linkType, "", time, Math.max(origlen, caplen), data);
    }

    private CapturedPacket end() {
        done = true;
        if (truncatedPackets > 0) {
            notes.add(name + ": " + truncatedPackets + " packet(s) were cut by the capture's snapshot length");
        }
        return null;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public String format() {
        return "pcap";
    }

    private int u16(byte[] b, int p) {
        return bigEndian ? ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff) : ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
    }

    private int i32(byte[] b, int p) {
        int v = BigEndian.int32(b, p);
        return bigEndian ? v : Integer.reverseBytes(v);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
