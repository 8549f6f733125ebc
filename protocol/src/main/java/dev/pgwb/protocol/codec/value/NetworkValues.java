package dev.pgwb.protocol.codec.value;

import java.nio.charset.Charset;

/**
 * inet, cidr, macaddr, macaddr8. inet_send writes family (2 = IPv4, 3 = IPv6: PGSQL_AF_INET is
 * AF_INET + 0 and PGSQL_AF_INET6 AF_INET + 1, not the OS's AF_INET6), mask bits, an is_cidr
 * flag, the address length and the address. Printed like network_out, which uses PostgreSQL's own
 * inet_net_ntop (src/port/inet_net_ntop.c), not the C library's.
 */
final class NetworkValues {
    private NetworkValues() {
    }

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 3;

    static String inet(byte[] b, int off, int len, Charset cs) throws NotValid {
        return network(b, off, len, false);
    }

    static String cidr(byte[] b, int off, int len, Charset cs) throws NotValid {
        return network(b, off, len, true);
    }

    private static String network(byte[] b, int off, int len, boolean isCidr) throws NotValid {
        BinaryCursor in = new BinaryCursor(b, off, len);
        int family = in.u8();
        int bits = in.u8();
        in.u8(); // is_cidr: inet_recv ignores it and goes by the type
        int nb = in.u8();
        int size;
        if (family == AF_INET) {
            size = 4;
        } else if (family == AF_INET6) {
            size = 16;
        } else {
            throw new NotValid("address family " + family);
        }
        if (bits > size * 8) {
            throw new NotValid(bits + " mask bits");
        }
        if (nb != size) {
            throw new NotValid("address length " + nb);
        }
        int at = in.skip(nb);
        in.expectEnd();
        if (isCidr && hasBitsRightOfMask(b, at, size, bits)) {
            throw new NotValid("bits set to the right of the /" + bits + " mask");
        }
        String text = family == AF_INET ? ipv4(b, at) : ipv6(b, at);
        // inet leaves out a full-length mask; cidr always shows it
        return (isCidr || bits != size * 8) ? text + "/" + bits : text;
    }

    private static boolean hasBitsRightOfMask(byte[] b, int at, int size, int bits) {
        for (int i = 0; i < size; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            int hostMask = 0xff >> keep;
            if ((b[at + i] & hostMask) != 0) {
                return true;
            }
        }
        return false;
    }

    private static String ipv4(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    /**
     * inet_net_ntop_ipv6: the longest run (first if tied) of two or more zero words becomes "::",
     * and {@code ::a.b.c.d} / {@code ::ffff:a.b.c.d} keep their IPv4 tail in dotted form.
     */
    private static String ipv6(byte[] b, int at) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[at + 2 * i] & 0xff) << 8) | (b[at + 2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 7 && words[7] != 0x0001)
                    || (bestLen == 5 && words[5] == 0xffff))) {
                sb.append(ipv4(b, at + 12));
                return sb.toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    static String macaddr(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 6);
        return colonHex(b, off, 6);
    }

    /** macaddr8_recv also takes a 6-byte EUI-48 and widens it with ff:fe in the middle, as the cast does. */
    static String macaddr8(byte[] b, int off, int len, Charset cs) throws NotValid {
        if (len == 6) {
            byte[] wide = {b[off], b[off + 1], b[off + 2], (byte) 0xff, (byte) 0xfe, b[off + 3], b[off + 4], b[off + 5]};
            return colonHex(wide, 0, 8);
        }
        BinaryCursor.requireLength(len, 8);
        return colonHex(b, off, 8);
    }

    private static String colonHex(byte[] b, int off, int n) {
        StringBuilder sb = new StringBuilder(3 * n);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(':');
            }
            TextValues.hex(sb, b, off + i, 1);
        }
        return sb.toString();
    }
}
