package dev.pgwb.protocol.wire;

import java.util.ServiceLoader;

/**
 * Which type bytes each side sends after start-up, and the lengths their formats fix (PostgreSQL 18
 * "Message Formats"): what resynchronisation and capture sniffing call plausible. The framer itself
 * never needs them to cut a stream that starts at a message boundary.
 *
 * <p>The table is the codec's registry of message types ({@code codec.MessageTypes}, which
 * implements this). {@link #standard()} finds it as a service ({@code META-INF/services}), so that
 * this package imports nothing above it and still keeps no table of its own.
 */
public interface TypeBytes {

    /** -1 when {@code direction} never sends {@code type}; else the Int32 length its format fixes, or 0 when it varies. */
    int fixedLength(Direction direction, int type);

    /** Sent by the server only: a stream holding it is the server's. */
    default boolean backendOnly(int type) {
        return fixedLength(Direction.BACKEND, type) >= 0 && fixedLength(Direction.FRONTEND, type) < 0;
    }

    /** Sent by the client only. */
    default boolean frontendOnly(int type) {
        return fixedLength(Direction.FRONTEND, type) >= 0 && fixedLength(Direction.BACKEND, type) < 0;
    }

    /** The type bytes of the standard message types. */
    static TypeBytes standard() {
        return StandardTypeBytes.INSTANCE;
    }
}

/** Loaded once, on first use. */
final class StandardTypeBytes {
    static final TypeBytes INSTANCE = ServiceLoader.load(TypeBytes.class, TypeBytes.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException("no " + TypeBytes.class.getName()
                    + " service: the codec's META-INF/services entry is missing from the class path"));

    private StandardTypeBytes() {
    }
}
