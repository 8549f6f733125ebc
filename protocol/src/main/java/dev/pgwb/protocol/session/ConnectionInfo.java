package dev.pgwb.protocol.session;

import java.util.Objects;

/**
 * One recorded connection: where it came from, where it went, when, and how it ended.
 *
 * @param id              the connection's number within its session, from 1
 * @param client          the client's address as {@code host:port}
 * @param upstream        the server it was relayed to, as {@code host:port}
 * @param openedNanos     epoch nanoseconds of the accept
 * @param closedNanos     epoch nanoseconds of the close, or 0 while open
 * @param closeReason     why it ended (e.g. "client closed", "upstream refused: ..."), or null while open
 * @param note            relay facts about the connection (TLS modes, cancel target...), never null
 */
public record ConnectionInfo(int id, String client, String upstream, long openedNanos, long closedNanos,
                             String closeReason, String note) {
    public ConnectionInfo {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(note, "note");
    }

    public boolean isOpen() {
        return closeReason == null;
    }

    ConnectionInfo closed(long timeNanos, String reason) {
        return new ConnectionInfo(id, client, upstream, openedNanos, timeNanos, reason, note);
    }

    ConnectionInfo withNote(String more) {
        return new ConnectionInfo(id, client, upstream, openedNanos, closedNanos, closeReason,
                note.isEmpty() ? more : note + "; " + more);
    }
}
