package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Bind;
import java.util.List;

/** bind-count-mismatch: a Bind whose parameter or format count does not fit its statement (the server will refuse it with 08P01). */
final class BindCountMismatchRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        for (Request r : c.requests()) {
            if (!(r.message() instanceof Bind b) || r.status() == Request.Status.SKIPPED) {
                continue;
            }
            StatementEntry s = c.portalBoundBy(r.seq()).map(PortalEntry::statement).orElse(null);
            if (s == null) {
                continue;
            }
            long seq = r.seq();
            int n = b.parameters().size();
            String why = null;
            if (s.describedTypes() != null && s.describedTypes().size() != n) {
                why = "supplies " + n + " parameter(s), but " + s.displayName() + " takes " + s.describedTypes().size()
                        + " (ParameterDescription)";
            } else if (s.describedTypes() == null && n < s.declaredTypes().size()) {
                why = "supplies " + n + " parameter(s), but the Parse of " + s.displayName() + " declared "
                        + s.declaredTypes().size() + " parameter type(s)";
            }
            int f = b.parameterFormats().size();
            if (f > 1 && f != n) {
                why = (why == null ? "" : why + "; it also ") + "gives " + f + " parameter format codes for " + n
                        + " parameters (must be 0, 1, or one per parameter)";
            }
            if (why != null) {
                out.add(new Diagnosis(Diagnosis.Severity.WARNING, "bind-count-mismatch", "", c.connectionId(), seq,
                        s.name(), List.of(new FrameRef(c.connectionId(), seq, "Bind"), new FrameRef(c.connectionId(), s.parseSeq(),
                        "Parse of " + s.name())),
                        "The Bind at #" + seq + " " + why + ", parsed at #" + s.parseSeq() + ". The server will refuse it (08P01).",
                        "Bind exactly as many parameters as the statement has, with 0, 1 or one format code per parameter."));
            }
        }
    }
}
