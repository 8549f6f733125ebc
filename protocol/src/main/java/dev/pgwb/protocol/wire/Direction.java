package dev.pgwb.protocol.wire;

/** Who sent a frame: the client (frontend) or the server (backend). */
public enum Direction {
    FRONTEND('F'),
    BACKEND('B');

    private final char code;

    Direction(char code) {
        this.code = code;
    }

    /** {@code F} or {@code B}, as PQtrace and our JSON output write it. */
    public char code() {
        return code;
    }

    public Direction opposite() {
        return this == FRONTEND ? BACKEND : FRONTEND;
    }
}
