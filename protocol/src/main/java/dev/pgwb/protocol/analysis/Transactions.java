package dev.pgwb.protocol.analysis;

/** What the transaction rules share. */
final class Transactions {
    private Transactions() {
    }

    /** " Its open transaction was rolled back." when the error's connection was inside a transaction block, else "". */
    static String rolledBack(ErrorCase e) {
        char status = e.conversation.transactionStatusBefore(e.seq());
        return status == 'T' || status == 'E' ? " Its open transaction was rolled back." : "";
    }
}
