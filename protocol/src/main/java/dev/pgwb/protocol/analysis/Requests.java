package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ReadyMark;
import dev.pgwb.protocol.conversation.Request;
import java.util.List;

/**
 * Finding requests by frame number or time without walking a connection's whole history: a rule runs
 * once per error, and a session can hold a hundred thousand errors among millions of requests.
 */
final class Requests {
    private Requests() {
    }

    /** The index of the first request whose seq is {@code seq} or more ({@code requests.size()} when none). */
    static int from(List<Request> requests, long seq) {
        int lo = 0;
        int hi = requests.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (requests.get(mid).seq() < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the first request of {@code c} sent after {@code time} (on the session's clock). */
    static int after(SessionFacts s, Conversation c, long time) {
        List<Request> requests = c.requests();
        int lo = 0;
        int hi = requests.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s.time(c.connectionId(), requests.get(mid).seq()) <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the last ReadyForQuery of {@code c} that arrived by {@code time}, or -1. */
    static int lastReady(SessionFacts s, Conversation c, long time) {
        List<ReadyMark> marks = c.readyMarks();
        int lo = 0;
        int hi = marks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s.time(c.connectionId(), marks.get(mid).seq()) <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** The ReadyForQuery at frame {@code seq}, or null. */
    static ReadyMark ready(Conversation c, long seq) {
        List<ReadyMark> marks = c.readyMarks();
        int lo = 0;
        int hi = marks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (marks.get(mid).seq() < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < marks.size() && marks.get(lo).seq() == seq ? marks.get(lo) : null;
    }
}
