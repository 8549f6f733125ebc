package dev.pgwb.protocol.analysis;

import java.util.Objects;

/**
 * A frame named by a diagnosis: its connection and its sequence number within that connection
 * ({@code Frame.seq}), and the part it played.
 *
 * @param connection the connection id (as the session numbers them; 0 when not known)
 * @param seq        the frame's sequence number within its connection
 * @param role       what it did, in a few words: "Close of S_1", "the error"
 */
public record FrameRef(int connection, long seq, String role) {
    public FrameRef {
        Objects.requireNonNull(role, "role");
    }
}
