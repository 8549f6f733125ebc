/**
 * Whole-session analysis over a recording: every connection's {@link dev.pgwb.protocol.conversation.Conversation}
 * replayed from the {@link dev.pgwb.protocol.session.SessionStore}, diagnoses refined with what other
 * connections did (a statement prepared on another server connection, the CancelRequest that
 * canceled a query, DDL run elsewhere), per-frame pairing and per-connection summaries. This is the
 * API the GUI's statement panel, links and summaries read.
 */
package dev.pgwb.protocol.analysis;
