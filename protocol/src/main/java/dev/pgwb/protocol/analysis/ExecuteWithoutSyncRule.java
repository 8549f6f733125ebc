package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Parse;
import java.util.ArrayList;
import java.util.List;

/** execute-without-sync: extended-query messages never followed by Sync or Flush, so never answered. */
final class ExecuteWithoutSyncRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        List<FrameRef> unflushed = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (Request r : c.requests()) {
            var m = r.message();
            boolean extended = m instanceof Parse || m instanceof Bind || m instanceof Describe || m instanceof Execute || m instanceof Close;
            if (extended && r.seq() > c.lastSyncOrFlushSeq() && r.status() == Request.Status.UNANSWERED) {
                unflushed.add(new FrameRef(c.connectionId(), r.seq(), r.typeName() + " never flushed"));
                list.append(list.isEmpty() ? "" : ", ").append(r.typeName()).append(" #").append(r.seq());
            }
        }
        if (unflushed.isEmpty()) {
            return;
        }
        long terminate = c.terminateSeq();
        out.add(new Diagnosis(Diagnosis.Severity.WARNING, "execute-without-sync", "", c.connectionId(), unflushed.get(0).seq(), "",
                unflushed, "No Sync or Flush followed " + list + ", so the server kept the answers in its output buffer and never "
                + "sent them: the client waits forever" + (terminate >= 0 ? " (it gave up and sent Terminate at #" + terminate + ")" : "")
                + ".", "End every batch of extended-query messages with Sync (or Flush, to get the answers without ending the "
                + "implicit transaction)."));
    }
}
