package dev.pgwb.protocol.message;

/** Execute stopped at its row limit; the portal can be run again. Type byte {@code 's'}. */
public record PortalSuspended() implements BackendMessage {
}
