/**
 * One connection's conversation replayed message by message: phase, protocol version, transaction
 * status over time, the prepared statements and portals over time ({@link dev.pgwb.protocol.conversation.StatementRegistry}),
 * which backend message answers which frontend request (pipelines, skipped-after-error and
 * never-executed-after-a-FATAL included), latencies, every error with the facts of the moment it
 * arrived ({@link dev.pgwb.protocol.conversation.ErrorEvent}), and what COPY, SSL/GSS negotiation and
 * the connection's first bytes looked like. Facts only: explaining them is the job of
 * {@code dev.pgwb.protocol.analysis}'s rules.
 *
 * <p>It depends only on {@code wire} and {@code message}, so that the codec's
 * {@link dev.pgwb.protocol.codec.ConnectionState} can own one and ask it for the types of Bind
 * parameters and DataRow columns: one mechanism for statements and portals, not two.
 */
package dev.pgwb.protocol.conversation;
