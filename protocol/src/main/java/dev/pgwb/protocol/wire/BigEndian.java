package dev.pgwb.protocol.wire;

/**
 * Reads a 4-byte integer in network byte order, as PostgreSQL's Int32 and the big-endian pcap and
 * pcapng headers are written. The caller has checked that the four bytes are there.
 */
public final class BigEndian {
    private BigEndian() {
    }

    public static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    /** The same four bytes read as an unsigned number (a TCP sequence number, a pcapng length). */
    public static long uint32(byte[] b, int p) {
        return int32(b, p) & 0xffffffffL;
    }
}
