/**
 * One connection's conversation replayed message by message: phase, protocol version, transaction
 * status, the prepared statements and portals over time ({@link dev.pgwb.protocol.conversation.StatementRegistry}),
 * which backend message answers which frontend request (pipelines and skipped-after-error included),
 * latencies, and the diagnosis of errors and suspicious patterns that one connection can explain.
 *
 * <p>It depends only on {@code wire} and {@code message}, so that the codec's
 * {@link dev.pgwb.protocol.codec.ConnectionState} can own one and ask it for the types of Bind
 * parameters and DataRow columns: one mechanism for statements and portals, not two. Whatever needs
 * the whole session (other connections, cancel requests) is in {@code dev.pgwb.protocol.analysis}.
 */
package dev.pgwb.protocol.conversation;
