package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.wire.Direction;
import java.util.List;

/**
 * What a body decoder works with: the reader over its frame, the connection state, where problems
 * go, and the direction (a type byte both sides send, such as {@code 'd'}, is read by one decoder).
 */
record BodyContext(FieldReader r, ConnectionState state, List<String> problems, boolean revealSecrets, Direction direction) {

    void problem(String text) {
        problems.add(text);
    }

    /** A secret's display: itself when the user asked to see secrets, else its size only. */
    String secret(String shown, int byteCount) {
        return revealSecrets ? shown : "(redacted, " + byteCount + " bytes)";
    }
}
