package dev.pgwb.protocol.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, Interface Description
 * Blocks, and Enhanced Packet Blocks with nanosecond timestamps and optional comments. Little-endian,
 * as the byte-order magic tells readers. Hand-written because the format is a few fixed blocks and
 * the Java pcap libraries need native libpcap.
 */
public final class PcapngWriter implements AutoCloseable {
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;

    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 0x00000001;
    private static final int EPB = 0x00000006;
    private static final int OPT_END = 0;
    private static final int OPT_COMMENT = 1;
    private static final int SHB_USERAPPL = 4;
    private static final int IF_NAME = 2;
    private static final int IF_DESCRIPTION = 3;
    private static final int IF_TSRESOL = 9;

    private final OutputStream out;
    private int interfaces;
    private long packets;

    /** Writes the section header at once; {@code comment} (may be null) is shown by Wireshark's capture file properties. */
    public PcapngWriter(OutputStream out, String application, String comment) throws IOException {
        this.out = out;
        Options o = new Options();
        o.string(OPT_COMMENT, comment);
        o.string(SHB_USERAPPL, application);
        ByteBuffer body = le(16);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L); // section length unknown
        block(SHB, body.array(), o.bytes());
    }

    /**
     * Describes an interface whose timestamps are nanoseconds since the epoch ({@code if_tsresol}=9)
     * and whose packets are never cut (snap length 0); returns its id for {@link #packet}.
     */
    public int addInterface(int linkType, String name, String description) throws IOException {
        Options o = new Options();
        o.string(IF_NAME, name);
        o.string(IF_DESCRIPTION, description);
        o.raw(IF_TSRESOL, new byte[] {9});
        ByteBuffer body = le(8);
        body.putShort((short) linkType).putShort((short) 0).putInt(0);
        block(IDB, body.array(), o.bytes());
        return interfaces++;
    }

    /** One whole packet at {@code timeNanos} (epoch nanoseconds); {@code comment} may be null. */
    public void packet(int interfaceId, long timeNanos, byte[] data, int length, String comment) throws IOException {
        if (interfaceId < 0 || interfaceId >= interfaces) {
            throw new IllegalArgumentException("no interface " + interfaceId);
        }
        Options o = new Options();
        o.string(OPT_COMMENT, comment);
        byte[] opts = o.bytes();
        int padded = pad(length);
        int total = 12 + 20 + padded + opts.length;
        ByteBuffer b = le(total);
        b.putInt(EPB).putInt(total);
        b.putInt(interfaceId).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos).putInt(length).putInt(length);
        b.put(data, 0, length);
        b.position(b.position() + padded - length);
        b.put(opts);
        b.putInt(total);
        out.write(b.array());
        packets++;
    }

    public long packetCount() {
        return packets;
    }

    private void block(int type, byte[] body, byte[] options) throws IOException {
        int total = 12 + body.length + options.length;
        ByteBuffer b = le(total);
        b.putInt(type).putInt(total).put(body).put(options).putInt(total);
        out.write(b.array());
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** An option list: code, length, value padded to 32 bits, closed by opt_endofopt when not empty. */
    private static final class Options {
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

        void string(int code, String value) {
            if (value != null && !value.isEmpty()) {
                raw(code, value.getBytes(StandardCharsets.UTF_8));
            }
        }

        void raw(int code, byte[] value) {
            // an option's length is 16 bits: a longer comment is cut at a UTF-8 character boundary
            int n = Math.min(value.length, 65_532);
            while (n < value.length && n > 0 && (value[n] & 0xC0) == 0x80) {
                n--;
            }
            ByteBuffer h = le(4);
            h.putShort((short) code).putShort((short) n);
            buf.writeBytes(h.array());
            buf.write(value, 0, n);
            buf.writeBytes(new byte[pad(n) - n]);
        }

        byte[] bytes() {
            if (buf.size() == 0) {
                return new byte[0];
            }
            ByteBuffer end = le(4);
            end.putShort((short) OPT_END).putShort((short) 0);
            buf.writeBytes(end.array());
            return buf.toByteArray();
        }
    }
}
