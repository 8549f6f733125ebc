package dev.pgwb.protocol.conversation;

/**
 * A command that changed the schema (its CommandComplete tag begins with ALTER, CREATE, DROP, ...):
 * what can change a prepared statement's result type under it.
 *
 * @param requestSeq the Query or Execute that ran it
 * @param tag        the CommandComplete tag, e.g. {@code ALTER TABLE}
 * @param timeNanos  when it completed
 */
public record SchemaChange(int connection, long requestSeq, String tag, long timeNanos) {
}
