package dev.pgwb.protocol.conversation;

import dev.pgwb.protocol.message.ErrorResponse;

/**
 * An ErrorResponse as the conversation saw it arrive: what it answered, and the facts of that moment
 * that later frames change (the transaction's first error, the phase). The analysis explains errors
 * from these facts and the histories the conversation keeps.
 *
 * @param seq                    the ErrorResponse frame
 * @param timeNanos              when it arrived
 * @param error                  the error
 * @param requestSeq             the request it answered, or -1 when it answered none (an unsolicited FATAL)
 * @param earlierTransactionError the first error of the transaction the error happened in, when an earlier
 *                               one had already failed it; else -1
 * @param phaseBefore            the connection's phase just before the error
 */
public record ErrorEvent(long seq, long timeNanos, ErrorResponse error, long requestSeq, long earlierTransactionError,
                         Phase phaseBefore) {

    /** True when the server sent it on its own, not as the answer to a request. */
    public boolean unsolicited() {
        return requestSeq < 0;
    }

    /** FATAL or PANIC: the server ends the connection after it. */
    public boolean fatal() {
        return "FATAL".equals(error.severity()) || "PANIC".equals(error.severity());
    }

    public String sqlState() {
        return error.sqlState();
    }
}
