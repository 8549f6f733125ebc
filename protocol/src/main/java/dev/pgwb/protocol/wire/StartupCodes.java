package dev.pgwb.protocol.wire;

import static dev.pgwb.protocol.wire.BigEndian.int32;

import java.nio.charset.StandardCharsets;

/**
 * The int32 codes that follow the length in an untyped (startup-phase) packet, and the layout of a
 * whole startup-phase packet, for telling one from bytes picked up in the middle of a stream.
 */
public final class StartupCodes {
    public static final int PROTOCOL_3_0 = 196608;      // 3 << 16
    public static final int PROTOCOL_3_2 = 196610;      // 3 << 16 | 2
    public static final int CANCEL_REQUEST = 80877102;  // 1234 << 16 | 5678
    public static final int SSL_REQUEST = 80877103;     // 1234 << 16 | 5679
    public static final int GSSENC_REQUEST = 80877104;  // 1234 << 16 | 5680

    /** The longest startup-phase packet PostgreSQL reads (its MAX_STARTUP_PACKET_LENGTH). */
    public static final int MAX_PACKET_LENGTH = 10_000;

    /** A CancelRequest: length, code, process ID, then a key of 4 bytes (3.0) up to 256 (3.2). */
    private static final int MIN_CANCEL_LENGTH = 12 + 4;
    private static final int MAX_CANCEL_LENGTH = 12 + 256;

    private static final byte[] USER = "user".getBytes(StandardCharsets.US_ASCII);

    private StartupCodes() {
    }

    /** True for a code the PostgreSQL documentation defines, or any {@code 3.x} / {@code 2.x} protocol version. */
    public static boolean isPlausible(int code) {
        int major = code >>> 16;
        return code == CANCEL_REQUEST || code == SSL_REQUEST || code == GSSENC_REQUEST
                || ((major == 2 || major == 3) && (code & 0xffff) < 100);
    }

    public static String versionText(int code) {
        return (code >>> 16) + "." + (code & 0xffff);
    }

    /**
     * Whether {@code b[p, end)} begins with a whole startup-phase packet laid out as the PostgreSQL
     * documentation's "Message Formats" says: 1 yes, -1 no, 0 not known before more bytes arrive
     * (the bytes so far can begin one). Strict, because bytes taken from the middle of a stream must
     * not pass for one: an SSLRequest or GSSENCRequest is exactly 8 bytes; a CancelRequest 16 to 268;
     * a StartupMessage (version 3.x, at most {@value #MAX_PACKET_LENGTH} bytes) is name/value C
     * strings, {@code user} among the names (PostgreSQL refuses a startup without it), whose
     * terminating NUL is exactly the last byte of the declared length. Reads only the bytes given:
     * a verdict of 1 means all of the packet is there.
     */
    public static int packetAt(byte[] b, int p, int end) {
        int n = end - p;
        if (n < 8) {
            return headerCanBegin(b, p, n) ? 0 : -1;
        }
        int length = int32(b, p);
        int code = int32(b, p + 4);
        if (length < 8 || length > MAX_PACKET_LENGTH) {
            return -1;
        }
        if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
            return length == 8 ? 1 : -1;
        }
        if (code == CANCEL_REQUEST) {
            if (length < MIN_CANCEL_LENGTH || length > MAX_CANCEL_LENGTH) {
                return -1;
            }
            return n >= length ? 1 : 0;
        }
        if (code >>> 16 != 3) {
            return -1;
        }
        return parametersAt(b, p + 8, p + length, end);
    }

    /** Whether the first {@code n} (< 8) bytes at {@code p} can begin a length of 8..10000 and one of the codes. */
    private static boolean headerCanBegin(byte[] b, int p, int n) {
        if (n >= 4) {
            int length = int32(b, p);
            if (length < 8 || length > MAX_PACKET_LENGTH) {
                return false;
            }
        }
        for (int i = 0; i < n; i++) {
            int v = b[p + i] & 0xff;
            boolean special = i > 4 && b[p + 4] != 0; // 1234 << 16 | 5678..5680 rather than 3 << 16 | minor
            boolean ok = switch (i) {
                case 0, 1 -> v == 0;
                case 2 -> v <= MAX_PACKET_LENGTH >>> 8;
                case 4 -> v == 0 || v == (CANCEL_REQUEST >>> 24);
                case 5 -> v == (special ? (CANCEL_REQUEST >>> 16) & 0xff : 3);
                case 6 -> !special || v == ((CANCEL_REQUEST >>> 8) & 0xff);
                default -> true; // 3: any low byte of the length; 7: the last byte is checked with all eight
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A StartupMessage's parameters from {@code q} to the packet's end {@code stop}, with bytes up to
     * {@code end}: pairs of a non-empty name and a value, each NUL-terminated, then one NUL as the last byte.
     */
    private static int parametersAt(byte[] b, int q, int stop, int end) {
        boolean user = false;
        while (q < stop) {
            if (q >= end) {
                return 0;
            }
            if (b[q] == 0) {
                return q == stop - 1 && user ? 1 : -1; // the terminator, which must end the packet
            }
            int name = q;
            int nameEnd = nul(b, q, Math.min(stop, end));
            if (nameEnd < 0) {
                return end >= stop ? -1 : 0;
            }
            user |= nameEnd - name == USER.length && java.util.Arrays.equals(b, name, nameEnd, USER, 0, USER.length);
            q = nameEnd + 1;
            if (q >= stop) {
                return -1; // a name without a value
            }
            int valueEnd = nul(b, q, Math.min(stop, end));
            if (valueEnd < 0) {
                return end >= stop ? -1 : 0;
            }
            q = valueEnd + 1;
        }
        return -1; // no terminator within the declared length
    }

    private static int nul(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
