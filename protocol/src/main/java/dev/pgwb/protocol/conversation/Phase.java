package dev.pgwb.protocol.conversation;

/** Where a connection is in the protocol's message flow. */
public enum Phase {
    /** Before or during the StartupMessage (and SSL/GSS negotiation). */
    STARTUP,
    /** The server asked for authentication and the exchange is under way. */
    AUTHENTICATION,
    /** Authenticated; parameters and the backend key are coming, ReadyForQuery not yet. */
    AUTHENTICATED,
    /** ReadyForQuery seen, nothing outstanding. */
    READY,
    /** A simple Query is running. */
    SIMPLE_QUERY,
    /** Extended-query messages were sent and not all answered. */
    EXTENDED_QUERY,
    /** An extended-query message failed: the server discards everything until Sync. */
    SKIPPING_UNTIL_SYNC,
    COPY_IN,
    COPY_OUT,
    COPY_BOTH,
    /** A FunctionCall is running. */
    FUNCTION_CALL,
    /** Terminate sent, a FATAL error seen, or the connection ended. */
    TERMINATED
}
