package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.RoundTrip;
import java.util.List;

/**
 * What the analysis knows about one recorded frame.
 *
 * @param replyTo      for a backend frame, the seq of the request it answers (for frontend COPY data, the
 *                     request it belongs to); -1 when none
 * @param replies      for a request, the seqs of the backend frames that answer it; empty otherwise
 * @param status       for a request, how it ended; null for other frames
 * @param latencyNanos for a request, time to its first reply; -1 when unknown
 * @param durationNanos for a request, time to its last reply; -1 when unknown
 * @param diagnoses    diagnoses about this frame (errors explained, warnings)
 * @param roundTrip    for a ReadyForQuery, the round trip it ended; else null
 * @param because      for a request skipped or never executed, the error that made it so (the ErrorResponse the
 *                     server skipped after, the FATAL that ended the connection); else -1
 */
public record FrameAnalysis(long replyTo, List<Long> replies, Request.Status status, long latencyNanos, long durationNanos,
                            List<Diagnosis> diagnoses, RoundTrip roundTrip, long because) {
    public static final FrameAnalysis NONE = new FrameAnalysis(-1, List.of(), null, -1, -1, List.of(), null, -1);

    public FrameAnalysis(long replyTo, List<Long> replies, Request.Status status, long latencyNanos, long durationNanos,
                         List<Diagnosis> diagnoses, RoundTrip roundTrip) {
        this(replyTo, replies, status, latencyNanos, durationNanos, diagnoses, roundTrip, -1);
    }

    public FrameAnalysis(long replyTo, List<Long> replies, Request.Status status, long latencyNanos, long durationNanos,
                         List<Diagnosis> diagnoses) {
        this(replyTo, replies, status, latencyNanos, durationNanos, diagnoses, null);
    }

    public FrameAnalysis {
        replies = List.copyOf(replies);
        diagnoses = List.copyOf(diagnoses);
    }

    public boolean isRequest() {
        return status != null;
    }
}
