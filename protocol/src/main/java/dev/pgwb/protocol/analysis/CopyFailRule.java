package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Phase;
import java.util.List;

/**
 * 57014 answering a CopyFail: the client itself aborted COPY FROM STDIN (the server answers with
 * query_canceled, carrying the client's reason); no CancelRequest was involved.
 */
final class CopyFailRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        Conversation c = e.conversation;
        long copyFail = c.copyFailSeq();
        if (!e.code().equals("57014") || e.event.phaseBefore() != Phase.COPY_IN || copyFail < 0 || copyFail > e.seq()
                || (e.failed != null && copyFail < e.failed.seq())) {
            return null;
        }
        return Explanation.of("copy-fail", "", "The client aborted the COPY FROM STDIN" + ErrorCase.where(e.failed)
                        + " with the CopyFail at #" + copyFail + " (\"" + c.copyFail().message() + "\"): the server keeps none of the rows "
                        + "of that COPY and answers with this error, which carries the client's reason.",
                "Expected when the client gave up the COPY on purpose; otherwise see why it did (its reason is in the message).",
                List.of(e.ref(copyFail, "CopyFail")));
    }
}
