package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.ErrorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** 25P02: the first error of the transaction, and its request. */
final class FailedTransactionRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("25P02")) {
            return null;
        }
        long first = e.event.earlierTransactionError();
        if (first < 0) {
            return Explanation.of("", "", "The transaction had already failed before this recording showed its first error; "
                    + "every command is refused until the transaction ends.", "End the failed transaction with ROLLBACK.", List.of());
        }
        ErrorResponse fe = e.conversation.errors().get(first);
        Optional<Request> fr = e.conversation.requestFailedBy(first);
        List<FrameRef> frames = new ArrayList<>();
        fr.ifPresent(r -> frames.add(e.ref(r.seq(), "request of the first error")));
        frames.add(e.ref(first, "first error of the transaction"));
        return Explanation.of("earlier-error", "", "The transaction already failed at #" + first + ErrorCase.where(fr.orElse(null))
                + (fe == null ? "" : ": " + fe.sqlState() + " " + fe.message()) + ". Since then the server refuses every "
                + "command until the transaction ends.",
                "Fix that first error; end the failed transaction with ROLLBACK (or ROLLBACK TO SAVEPOINT) before going on.", frames);
    }
}
