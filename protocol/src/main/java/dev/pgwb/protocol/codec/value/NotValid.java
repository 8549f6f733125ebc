package dev.pgwb.protocol.codec.value;

/**
 * Bytes that are not the type's send format. Checked, so every decoder has to say where it gives
 * up; without a stack trace, because garbage on the wire is ordinary input here, not a bug.
 */
final class NotValid extends Exception {
    NotValid(String reason) {
        super(reason, null, false, false);
    }

    /** The reason alone, e.g. {@code 2 bytes}; the renderer adds the type name around it. */
    String reason() {
        return getMessage();
    }
}
