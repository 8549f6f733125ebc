package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import java.util.List;

/**
 * One diagnosis rule for a pattern that is not an ErrorResponse (a pipeline that went on after an
 * error, a missing Sync, bytes that are not PostgreSQL), with one job. It reads one connection and
 * may read the rest of the session.
 */
interface WarningRule {
    /** Adds what it finds on connection {@code c} to {@code out}. */
    void find(SessionFacts session, Conversation c, List<Diagnosis> out);
}
