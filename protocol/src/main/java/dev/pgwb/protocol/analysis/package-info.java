/**
 * Whole-session analysis over a recording: every connection's {@link dev.pgwb.protocol.conversation.Conversation}
 * replayed from the {@link dev.pgwb.protocol.session.SessionStore}, the facts that cross connections
 * ({@link dev.pgwb.protocol.analysis.SessionFacts}: servers, process ids from BackendKeyData, the two
 * legs of a pooler in {@link dev.pgwb.protocol.analysis.PoolerLegs}), and the diagnosis rules.
 *
 * <p>Each rule is a small class with one job: an {@code ErrorRule} explains the ErrorResponses it
 * knows ({@code StatementEndedRule}, {@code DeadlockRule}, {@code IdleTimeoutRule}...), an
 * {@code ErrorNote} adds what an error did to the messages around it, a {@code WarningRule} finds a
 * pattern that is not an error ({@code NotPostgresRule}, {@code PipelineSkippedRule}...).
 * {@code DiagnosisRules} lists them all, in the order they are asked. Per-frame pairing and
 * per-connection summaries are what the window, the sequence diagram and the command line read.
 */
package dev.pgwb.protocol.analysis;
