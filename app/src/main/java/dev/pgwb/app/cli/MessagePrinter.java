package dev.pgwb.app.cli;

import dev.pgwb.protocol.codec.Decoded;

/**
 * Writes decoded messages for people or programs, one message at a time, as they come: shared by
 * {@code decode} (messages from files) and the relay (messages from live connections).
 */
public interface MessagePrinter {

    /**
     * The messages that follow come from this source (a file name, a connection), or from an
     * unnamed one when {@code name} is null.
     */
    void startSource(String name);

    void print(Decoded decoded);

    /** Makes sure everything printed so far has reached the writer's destination. */
    void flush();
}
