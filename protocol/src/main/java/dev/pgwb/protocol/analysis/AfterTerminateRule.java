package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import java.util.List;

/** after-terminate: the client sent something after Terminate, which the server never reads. */
final class AfterTerminateRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        long t = c.terminateSeq();
        long after = c.afterTerminateSeq();
        if (t < 0 || after < 0) {
            return;
        }
        String type = c.afterTerminateType();
        out.add(new Diagnosis(Diagnosis.Severity.WARNING, "after-terminate", "", c.connectionId(), after, "",
                List.of(new FrameRef(c.connectionId(), t, "Terminate"), new FrameRef(c.connectionId(), after, type + " after it")),
                type + " at #" + after + " was sent after Terminate at #" + t
                        + "; the server closes the connection on Terminate and never reads it.",
                "Send nothing after Terminate; if the client reuses the connection object, it must open a new connection."));
    }
}
