package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ErrorEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every diagnosis rule, in one place and in the order they are asked. For an error, the first rule
 * that explains it wins, so the specific ones come first (a pooler's, another session's
 * pg_terminate_backend) and {@link GenericRule} last; then every note adds what it has. Warning rules
 * each look at every connection.
 */
final class DiagnosisRules {
    static final List<ErrorRule> ERRORS = List.of(
            new StartupRefusedRule(),
            new TooManyClientsRule(),
            new UnsupportedProtocolRule(),
            new TerminatedByBackendCallRule(),
            new IdleTimeoutRule(),
            new ServerShutdownRule(),
            new DeadlockRule(),
            new LockTimeoutRule(),
            new StatementTimeoutRule(),
            new CopyFailRule(),
            new CanceledRule(),
            new CopyErrorRule(),
            new PoolerStatementRule(),
            new StatementEndedRule(),
            new StatementLooksAliveRule(),
            new PreparedOnOtherConnectionRule(),
            new NeverPreparedRule(),
            new DuplicateStatementRule(),
            new PortalMissingRule(),
            new CachedPlanRule(),
            new FailedTransactionRule(),
            new ProtocolViolationRule(),
            new ConflictingKeyRule(),
            new GenericRule());

    static final List<ErrorNote> NOTES = List.of(
            new ServerEndedNote(),
            new ImplicitTransactionNote(),
            new PoolerNote());

    static final List<WarningRule> WARNINGS = List.of(
            new NotPostgresRule(),
            new ProtocolTwoRule(),
            new ConnectionProbeRule(),
            new EncryptionRefusedRule(),
            new PipelineSkippedRule(),
            new ExecuteWithoutSyncRule(),
            new AfterTerminateRule(),
            new BindCountMismatchRule(),
            new UnnamedReplacedUnderPortalRule());

    private DiagnosisRules() {
    }

    /** Every diagnosis of one connection: its errors explained, then the patterns found, in frame order. */
    static List<Diagnosis> diagnose(SessionFacts session, Conversation c) {
        List<Diagnosis> out = new ArrayList<>();
        for (ErrorEvent e : c.errorEvents()) {
            out.add(explain(session, c, e));
        }
        for (WarningRule w : WARNINGS) {
            try {
                w.find(session, c, out);
            } catch (RuntimeException x) {
                session.internalError(w.getClass().getSimpleName() + " on connection " + c.connectionId() + ": " + x);
            }
        }
        out.sort(Comparator.comparingLong(Diagnosis::seq)); // stable: an error's explanation stays before the warnings it causes
        return out;
    }

    /** The diagnosis of one error: the first rule's explanation, the notes, and the frames they name. */
    static Diagnosis explain(SessionFacts session, Conversation c, ErrorEvent event) {
        ErrorCase e = new ErrorCase(session, c, event);
        Explanation x = explanation(e);
        List<FrameRef> frames = new ArrayList<>();
        if (e.failed != null) {
            frames.add(e.ref(e.failed.seq(), e.failed.typeName() + " that failed"));
        }
        frames.add(e.ref(event.seq(), "ErrorResponse " + event.sqlState()));
        frames.addAll(x.frames());
        StringBuilder text = new StringBuilder(x.text());
        for (ErrorNote n : NOTES) {
            ErrorNote.Note note;
            try {
                note = n.note(e);
            } catch (RuntimeException ex) {
                session.internalError(n.getClass().getSimpleName() + " at #" + event.seq() + ": " + ex);
                note = null;
            }
            if (note != null) {
                text.append(' ').append(note.text());
                frames.addAll(note.frames());
            }
        }
        return new Diagnosis(Diagnosis.Severity.ERROR, event.sqlState(), x.cause(), c.connectionId(), event.seq(), x.subject(),
                distinct(frames), text.toString(), x.advice());
    }

    /** Each frame named once, where it is first named. */
    private static List<FrameRef> distinct(List<FrameRef> frames) {
        List<FrameRef> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (FrameRef f : frames) {
            if (seen.add(f.connection() + ":" + f.seq())) {
                out.add(f);
            }
        }
        return out;
    }

    /** The first explanation the rules give of an error (without notes). */
    static Explanation explanation(SessionFacts session, Conversation c, ErrorEvent event) {
        return explanation(new ErrorCase(session, c, event));
    }

    private static Explanation explanation(ErrorCase e) {
        for (ErrorRule r : ERRORS) {
            try {
                Explanation x = r.explain(e);
                if (x != null) {
                    return x;
                }
            } catch (RuntimeException ex) { // a rule's bug costs its explanation, never the analysis
                e.session.internalError(r.getClass().getSimpleName() + " at #" + e.seq() + " on connection " + e.connection() + ": " + ex);
            }
        }
        throw new IllegalStateException("GenericRule explains every error");
    }
}
