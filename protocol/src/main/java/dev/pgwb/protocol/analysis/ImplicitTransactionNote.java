package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.ReadyMark;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.Sync;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds to an error in a pipeline (extended-query messages up to one Sync) that the implicit
 * transaction they ran in rolled back the statements that had completed before the error.
 */
final class ImplicitTransactionNote implements ErrorNote {
    private static final int LISTED = 4;

    @Override
    public Note note(ErrorCase e) {
        if (e.failed == null || e.failed.message() instanceof Query || e.event.fatal()) {
            return null;
        }
        List<Request> all = e.conversation.requests();
        int at = Requests.from(all, e.failed.seq());
        int first = at; // the first request after the last Sync (or Query) before the failed one
        while (first > 0 && !(all.get(first - 1).message() instanceof Sync || all.get(first - 1).message() instanceof Query)) {
            first--;
        }
        long start = first > 0 ? all.get(first - 1).seq() : -1;
        Request sync = null;
        for (int i = at + 1; i < all.size() && sync == null; i++) {
            if (all.get(i).message() instanceof Sync) {
                sync = all.get(i);
            }
        }
        if (start >= 0 && statusAfter(e, start) != 'I') {
            return null; // inside BEGIN ... : the transaction block is failed, not an implicit one rolled back
        }
        List<Request> done = new ArrayList<>();
        for (Request r : all.subList(first, at)) {
            if (!(r.message() instanceof Execute)
                    || r.status() != Request.Status.DONE) {
                continue;
            }
            String verb = firstWord(SqlText.of(e.conversation, r));
            if (verb.equals("BEGIN") || verb.equals("START")) {
                return null; // an explicit transaction began inside the pipeline
            }
            if (verb.equals("COMMIT") || verb.equals("END") || verb.equals("ROLLBACK")) {
                done.clear();
            } else if (!verb.equals("SELECT") && !verb.equals("SHOW") && !verb.isEmpty()) {
                done.add(r);
            }
        }
        if (done.isEmpty()) {
            return null;
        }
        List<String> named = new ArrayList<>();
        List<FrameRef> frames = new ArrayList<>();
        for (Request r : done) {
            if (named.size() < LISTED) {
                named.add(SqlText.named(e.conversation, r, e.connection()));
                frames.add(e.ref(r.seq(), SqlText.abbreviate(SqlText.of(e.conversation, r)) + " (rolled back)"));
            }
        }
        if (done.size() > LISTED) {
            named.add((done.size() - LISTED) + " more");
        }
        return new Note("These messages ran in one implicit transaction" + (sync == null ? "" : " (up to the Sync at #" + sync.seq() + ")")
                + ", so the error rolled back what had completed before it in that transaction: " + String.join(", ", named)
                + (done.size() == 1 ? " is" : " are") + " undone, although " + (done.size() == 1 ? "its" : "their")
                + " CommandComplete arrived.", frames);
    }

    /** The transaction status the Sync (or Query) at {@code seq} was answered with ('I' when unknown). */
    private static char statusAfter(ErrorCase e, long seq) {
        for (long reply : e.conversation.request(seq).map(Request::replies).orElse(List.of())) {
            ReadyMark m = Requests.ready(e.conversation, reply);
            if (m != null) {
                return m.status();
            }
        }
        return 'I';
    }

    private static String firstWord(String sql) {
        String s = sql.stripLeading();
        int i = 0;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i).toUpperCase(Locale.ROOT);
    }
}
