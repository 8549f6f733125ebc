package dev.pgwb.protocol.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pcapng blocks one by one, in either byte order, for the reader's corner cases. */
final class PcapngBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    PcapngBuilder section(ByteOrder o) {
        order = o;
        ByteBuffer b = body(16);
        b.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
        return block(0x0a0d0d0a, b);
    }

    /** tsresol: -1 for none (microseconds); else the option's byte (e.g. 9, or 0x80 | 20 for 2^-20 s). */
    PcapngBuilder iface(int linkType, String name, int tsresol, long tsoffset) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = body(8 + 4 + pad(n.length) + 8 + 12 + 4);
        b.putShort((short) linkType).putShort((short) 0).putInt(262144);
        b.putShort((short) 2).putShort((short) n.length).put(n).put(new byte[pad(n.length) - n.length]);
        if (tsresol >= 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        if (tsoffset != 0) {
            b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
        }
        b.putShort((short) 0).putShort((short) 0);
        return block(1, trim(b));
    }

    PcapngBuilder epb(int iface, long ts, byte[] data) {
        ByteBuffer b = body(20 + pad(data.length));
        b.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length).put(data);
        return block(6, b);
    }

    PcapngBuilder pb(int iface, long ts, byte[] data) {
        ByteBuffer b = body(20 + pad(data.length));
        b.putShort((short) iface).putShort((short) 0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length)
                .putInt(data.length).put(data);
        return block(2, b);
    }

    PcapngBuilder spb(byte[] data) {
        ByteBuffer b = body(4 + pad(data.length));
        b.putInt(data.length).put(data);
        return block(3, b);
    }

    /** A block type nobody defines: skipped by its length. */
    PcapngBuilder unknown() {
        ByteBuffer b = body(12);
        b.putInt(1).putInt(2).putInt(3);
        return block(0x0bad0bad, b);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private ByteBuffer body(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private static ByteBuffer trim(ByteBuffer b) {
        return ByteBuffer.wrap(java.util.Arrays.copyOf(b.array(), b.position())).order(b.order()).position(b.position());
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private PcapngBuilder block(int type, ByteBuffer body) {
        int n = pad(body.position()); // packet data is padded to 32 bits
        int len = 12 + n;
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(type).putInt(len).put(java.util.Arrays.copyOf(body.array(), n)).putInt(len);
        out.writeBytes(b.array());
        return this;
    }
}
