package dev.pgwb.app.export;

import dev.pgwb.protocol.analysis.ConnectionSummary;
import dev.pgwb.protocol.analysis.FrameAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;

/**
 * Writes decoded messages for people or programs, one message at a time, as they come: shared by
 * {@code decode} (messages from files and recorded sessions) and {@code relay} (live connections).
 */
public interface MessagePrinter {

    /**
     * The messages that follow come from this source (a file name), or from an unnamed one when
     * {@code name} is null.
     */
    void startSource(String name);

    void print(Decoded decoded);

    /** A message of a recorded connection: said with its connection, and how the relay handled it. */
    void print(RecordedFrame recorded, Decoded decoded);

    /**
     * A message of a recorded connection with what the analysis knows of it (pairing, outcome,
     * diagnoses). Printers that show nothing of it print the message alone.
     */
    default void print(RecordedFrame recorded, Decoded decoded, FrameAnalysis analysis) {
        print(recorded, decoded);
    }

    /** A connection's summary, after its last message. */
    default void summary(ConnectionSummary summary) {
    }

    /** A connection opened, learned who it is, or ended. */
    void connection(ConnectionInfo info);

    /** Makes sure everything printed so far has reached the writer's destination. */
    void flush();
}
