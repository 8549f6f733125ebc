package dev.pgwb.protocol.codec;

import java.util.List;

/** What a body decoder works with: the reader over its frame, the connection state, and where problems go. */
record BodyContext(FieldReader r, ConnectionState state, List<String> problems, boolean revealSecrets) {

    void problem(String text) {
        problems.add(text);
    }

    /** A secret's display: itself when the user asked to see secrets, else its size only. */
    String secret(String shown, int byteCount) {
        return revealSecrets ? shown : "(redacted, " + byteCount + " bytes)";
    }
}
