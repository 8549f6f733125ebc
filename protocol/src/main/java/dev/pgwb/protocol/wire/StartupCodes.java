package dev.pgwb.protocol.wire;

/** The int32 codes that follow the length in an untyped (startup-phase) packet. */
public final class StartupCodes {
    public static final int PROTOCOL_3_0 = 196608;      // 3 << 16
    public static final int PROTOCOL_3_2 = 196610;      // 3 << 16 | 2
    public static final int CANCEL_REQUEST = 80877102;  // 1234 << 16 | 5678
    public static final int SSL_REQUEST = 80877103;     // 1234 << 16 | 5679
    public static final int GSSENC_REQUEST = 80877104;  // 1234 << 16 | 5680

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
}
