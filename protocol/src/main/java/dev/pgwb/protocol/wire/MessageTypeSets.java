package dev.pgwb.protocol.wire;

/**
 * Which type bytes each side sends after startup, and the lengths fixed by the message formats
 * (PostgreSQL 18 "Message Formats"): what resynchronisation and capture sniffing call plausible.
 * The framer itself never needs them to cut a stream that starts at a message boundary.
 */
public final class MessageTypeSets {
    private static final String FRONTEND = "BCdcfDEHFpPQSX";
    private static final String BACKEND = "RK23CdcGHWDIEVvnNAtS1sZT";
    /** Sent by the server only: a stream holding them is the server's. */
    private static final String BACKEND_ONLY = "RK23GWIVvnNAt1sZT";
    private static final String FRONTEND_ONLY = "BfFpPQX";

    private MessageTypeSets() {
    }

    /** -1 when {@code direction} never sends {@code type}; else the fixed length its format gives, or 0 for variable. */
    public static int fixedLength(Direction direction, int type) {
        if (type > 0x7f) {
            return -1;
        }
        char c = (char) type;
        if (direction == Direction.FRONTEND) {
            if (FRONTEND.indexOf(c) < 0) {
                return -1;
            }
            return c == 'c' || c == 'H' || c == 'S' || c == 'X' ? 4 : 0;
        }
        if (BACKEND.indexOf(c) < 0) {
            return -1;
        }
        return switch (c) {
            case '2', '3', 'c', 'I', 'n', '1', 's' -> 4;
            case 'Z' -> 5;
            default -> 0;
        };
    }

    public static boolean backendOnly(int type) {
        return type > 0 && type <= 0x7f && BACKEND_ONLY.indexOf((char) type) >= 0;
    }

    public static boolean frontendOnly(int type) {
        return type > 0 && type <= 0x7f && FRONTEND_ONLY.indexOf((char) type) >= 0;
    }
}
