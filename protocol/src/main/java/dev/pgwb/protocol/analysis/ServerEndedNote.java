package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds to a FATAL's explanation that it answered no request when the server sent it on its own, and
 * that the requests sent after it (or queued behind the one it ended) were never executed.
 */
final class ServerEndedNote implements ErrorNote {
    private static final int LISTED = 4;

    @Override
    public Note note(ErrorCase e) {
        if (!e.event.fatal()) {
            return null;
        }
        List<Request> never = new ArrayList<>();
        for (Request r : e.conversation.requests()) {
            if (r.status() == Request.Status.NOT_EXECUTED && r.skippedBecauseOf() == e.seq()
                    && !(r.message() instanceof dev.pgwb.protocol.message.Sync)) { // a Sync ending the pipeline says nothing more
                never.add(r);
            }
        }
        StringBuilder text = new StringBuilder();
        if (e.event.unsolicited()) {
            text.append("This FATAL answers no request: the server sent it on its own while the connection was idle.");
        }
        List<FrameRef> frames = new ArrayList<>();
        if (!never.isEmpty()) {
            List<String> named = new ArrayList<>();
            for (Request r : never) {
                if (named.size() < LISTED) {
                    String sql = SqlText.of(e.conversation, r);
                    named.add("the " + r.typeName() + " at #" + r.seq() + (sql.isEmpty() ? "" : " (" + SqlText.abbreviate(sql) + ")"));
                    frames.add(e.ref(r.seq(), r.typeName() + " never executed"));
                }
            }
            if (never.size() > LISTED) {
                named.add((never.size() - LISTED) + " more");
            }
            text.append(text.isEmpty() ? "" : " ").append(capitalised(String.join(", ", named)))
                    .append(never.size() == 1 ? " was" : " were").append(" sent ")
                    .append(e.event.unsolicited() ? "after it" : "behind the request it ended")
                    .append(never.size() == 1 ? " and was" : " and were").append(" never executed: the server had closed the connection.");
        }
        return text.isEmpty() ? null : new Note(text.toString(), frames);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
