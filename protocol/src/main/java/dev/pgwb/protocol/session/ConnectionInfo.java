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
 * @param user            {@code user} from the StartupMessage, "" until seen
 * @param database        {@code database} from the StartupMessage ("" when not given: it defaults to the user)
 * @param applicationName {@code application_name} from the StartupMessage, ""  when not given
 */
public record ConnectionInfo(int id, String client, String upstream, long openedNanos, long closedNanos,
                             String closeReason, String note, String user, String database, String applicationName) {
    public ConnectionInfo {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(applicationName, "applicationName");
    }

    ConnectionInfo(int id, String client, String upstream, long openedNanos, String note) {
        this(id, client, upstream, openedNanos, 0, null, note, "", "", "");
    }

    public boolean isOpen() {
        return closeReason == null;
    }

    ConnectionInfo closed(long timeNanos, String reason) {
        return new ConnectionInfo(id, client, upstream, openedNanos, timeNanos, reason, note, user, database, applicationName);
    }

    ConnectionInfo withNote(String more) {
        return new ConnectionInfo(id, client, upstream, openedNanos, closedNanos, closeReason,
                note.isEmpty() ? more : note + "; " + more, user, database, applicationName);
    }

    ConnectionInfo withStartup(String user, String database, String applicationName) {
        return new ConnectionInfo(id, client, upstream, openedNanos, closedNanos, closeReason, note, user, database,
                applicationName);
    }
}
