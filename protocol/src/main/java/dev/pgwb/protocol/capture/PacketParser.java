package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.wire.BigEndian;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Link layer, IP and TCP headers of one captured packet, down to a {@link TcpSegment}. Link
 * types (tcpdump's LINKTYPE_ values): NULL 0 (BSD loopback, family in the capturing host's byte
 * order), Ethernet 1 (802.1Q / 802.1ad tags, stacked), raw IP 101, 12, IPv4 228, IPv6 229,
 * OpenBSD LOOP 108 (family in network byte order), Linux cooked SLL 113 and SLL2 276. IPv4 with
 * options; IPv6 with its extension headers. Checksums are not checked: captures taken on the
 * sending host hold packets whose checksum the network card fills in later.
 */
final class PacketParser {

    /** Why a packet gave no segment; {@code null} reason means it did. */
    record Parsed(TcpSegment segment, String skipReason) {
    }

    private static final Parsed NOT_TCP = new Parsed(null, "not TCP");

    private PacketParser() {
    }

    static Parsed parse(CapturedPacket p) {
        byte[] b = p.data();
        int linkType = p.linkType();
        try {
            return switch (linkType) {
                case 1 -> ethernet(p, b, 12);
                case 0 -> {
                    if (b.length < 4) {
                        yield skip("truncated loopback header");
                    }
                    int family = Integer.reverseBytes(BigEndian.int32(b, 0)); // the capturing host's order, little-endian first
                    if (family > 0xffff) {
                        family = Integer.reverseBytes(family);
                    }
                    yield family(p, b, family);
                }
                case 108 -> {
                    if (b.length < 4) {
                        yield skip("truncated loopback header");
                    }
                    yield family(p, b, BigEndian.int32(b, 0));
                }
                case 101, 12 -> ip(p, b, 0);
                case 228 -> ipv4(p, b, 0);
                case 229 -> ipv6(p, b, 0);
                case 113 -> b.length < 16 ? skip("truncated Linux cooked header") : etherType(p, b, u16(b, 14), 16);
                case 276 -> b.length < 20 ? skip("truncated Linux cooked (v2) header") : etherType(p, b, u16(b, 0), 20);
                default -> skip(linkType < 0 ? "damaged packet block" : "link type " + linkType + " is not supported");
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            return skip("truncated headers");
        }
    }

    private static Parsed family(CapturedPacket p, byte[] b, int family) {
        return switch (family) {
            case 2 -> ipv4(p, b, 4);
            case 10, 24, 28, 30 -> ipv6(p, b, 4); // AF_INET6 on Linux, NetBSD/OpenBSD, FreeBSD, macOS
            default -> skip("not IP (address family " + family + ")");
        };
    }

    private static Parsed ethernet(CapturedPacket p, byte[] b, int typeAt) {
        if (b.length < typeAt + 2) {
            return skip("truncated Ethernet header");
        }
        int type = u16(b, typeAt);
        int at = typeAt + 2;
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100) { // 802.1Q, 802.1ad, old QinQ: TCI then the next type
            if (b.length < at + 4) {
                return skip("truncated VLAN tag");
            }
            type = u16(b, at + 2);
            at += 4;
        }
        return etherType(p, b, type, at);
    }

    private static Parsed etherType(CapturedPacket p, byte[] b, int type, int at) {
        return switch (type) {
            case 0x0800 -> ipv4(p, b, at);
            case 0x86dd -> ipv6(p, b, at);
            case 0x8100, 0x88a8, 0x9100 -> ethernet(p, b, at - 2);
            default -> NOT_TCP;
        };
    }

    private static Parsed ip(CapturedPacket p, byte[] b, int at) {
        if (b.length <= at) {
            return skip("empty packet");
        }
        int version = (b[at] & 0xff) >> 4;
        return version == 4 ? ipv4(p, b, at) : version == 6 ? ipv6(p, b, at) : skip("not IP (version " + version + ")");
    }

    private static Parsed ipv4(CapturedPacket p, byte[] b, int at) {
        if (b.length < at + 20) {
            return skip("truncated IPv4 header");
        }
        int ihl = (b[at] & 0x0f) * 4;
        if ((b[at] & 0xff) >> 4 != 4 || ihl < 20) {
            return skip("bad IPv4 header");
        }
        int total = u16(b, at + 2);
        int fragment = u16(b, at + 6);
        int protocol = b[at + 9] & 0xff;
        if (protocol != 6) {
            return NOT_TCP;
        }
        if ((fragment & 0x1fff) != 0) {
            return skip("IPv4 fragment (not the first): fragments are not reassembled");
        }
        if ((fragment & 0x2000) != 0) {
            return skip("IPv4 fragment (the first): fragments are not reassembled");
        }
        InetAddress src = address(b, at + 12, 4);
        InetAddress dst = address(b, at + 16, 4);
        // total 0: TCP segmentation offload on the capturing host; the captured bytes are all there is
        int end = total == 0 ? b.length : at + total;
        return tcp(p, b, at + ihl, end, src, dst);
    }

    private static Parsed ipv6(CapturedPacket p, byte[] b, int at) {
        if (b.length < at + 40) {
            return skip("truncated IPv6 header");
        }
        if ((b[at] & 0xff) >> 4 != 6) {
            return skip("bad IPv6 header");
        }
        int payload = u16(b, at + 4);
        int next = b[at + 6] & 0xff;
        InetAddress src = address(b, at + 8, 16);
        InetAddress dst = address(b, at + 24, 16);
        int end = payload == 0 ? b.length : at + 40 + payload; // 0: a jumbogram or offload
        int q = at + 40;
        for (int hops = 0; hops < 16; hops++) {
            switch (next) {
                case 6 -> {
                    return tcp(p, b, q, end, src, dst);
                }
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination options, mobility, HIP, shim6
                    next = b[q] & 0xff;
                    q += ((b[q + 1] & 0xff) + 1) * 8;
                }
                case 44 -> { // fragment
                    int offsetFlags = u16(b, q + 2);
                    if ((offsetFlags & 0xfff8) != 0) {
                        return skip("IPv6 fragment (not the first): fragments are not reassembled");
                    }
                    if ((offsetFlags & 1) != 0) {
                        return skip("IPv6 fragment (the first): fragments are not reassembled");
                    }
                    next = b[q] & 0xff;
                    q += 8;
                }
                case 51 -> { // authentication header: length in 4-octet units minus 2
                    next = b[q] & 0xff;
                    q += ((b[q + 1] & 0xff) + 2) * 4;
                }
                default -> {
                    return NOT_TCP;
                }
            }
        }
        return skip("too many IPv6 extension headers");
    }

    private static Parsed tcp(CapturedPacket p, byte[] b, int at, int ipEnd, InetAddress src, InetAddress dst) {
        if (b.length < at + 20) {
            return skip("truncated TCP header");
        }
        int srcPort = u16(b, at);
        int dstPort = u16(b, at + 2);
        long seq = BigEndian.uint32(b, at + 4);
        long ack = BigEndian.uint32(b, at + 8);
        int offset = ((b[at + 12] & 0xff) >> 4) * 4;
        int flags = b[at + 13] & 0xff;
        if (offset < 20) {
            return skip("bad TCP header");
        }
        int start = at + offset;
        int declared = Math.max(0, ipEnd - start);
        int captured = Math.max(0, Math.min(b.length, ipEnd) - start);
        byte[] payload = captured == 0 ? new byte[0] : Arrays.copyOfRange(b, start, start + captured);
        return new Parsed(new TcpSegment(p.number(), p.timeNanos(), src, srcPort, dst, dstPort, seq, ack, flags, payload,
                Math.max(declared, captured)), null);
    }

    private static InetAddress address(byte[] b, int at, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + len));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    private static Parsed skip(String why) {
        return new Parsed(null, why);
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }
}
