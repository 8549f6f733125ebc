package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.Decoded;

/**
 * What a connection's reader hands the script: a decoded message from the server, or the end of
 * the connection (then {@code decoded} is null and {@code closedReason} says why).
 */
public record Incoming(Decoded decoded, String closedReason) {

    static Incoming closed(String reason) {
        return new Incoming(null, reason);
    }

    public boolean isClosed() {
        return decoded == null;
    }
}
