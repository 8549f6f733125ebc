package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** pipeline-continued-after-error: the messages the server skipped after an error, until Sync. */
final class PipelineSkippedRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        Map<Long, List<Request>> byError = new LinkedHashMap<>();
        for (Request r : c.requests()) {
            if (r.status() == Request.Status.SKIPPED) {
                byError.computeIfAbsent(r.skippedBecauseOf(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<Long, List<Request>> e : byError.entrySet()) {
            long error = e.getKey();
            List<FrameRef> frames = new ArrayList<>();
            frames.add(new FrameRef(c.connectionId(), error, "the error"));
            StringBuilder list = new StringBuilder();
            for (Request r : e.getValue()) {
                frames.add(new FrameRef(c.connectionId(), r.seq(), r.typeName() + " skipped"));
                list.append(list.isEmpty() ? "" : ", ").append(r.typeName()).append(" #").append(r.seq());
            }
            Request failed = c.requestFailedBy(error).orElse(null);
            out.add(new Diagnosis(Diagnosis.Severity.WARNING, "pipeline-continued-after-error", "", c.connectionId(), error, "", frames,
                    "After the error at #" + error + (failed == null ? "" : " (to " + failed.typeName() + " #" + failed.seq() + ")")
                            + " the server skipped every message until Sync: " + list + ". They had no effect.",
                    "Read the error before relying on what followed it in the pipeline; statements and portals those messages "
                            + "would have made do not exist."));
        }
    }
}
