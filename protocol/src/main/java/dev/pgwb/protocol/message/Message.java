package dev.pgwb.protocol.message;

/**
 * A decoded protocol message. One small immutable record per message of the PostgreSQL
 * "Message Formats" documentation, named as it names them. Logic (analysis, composer, tests)
 * works on these records; display works on the field nodes decoded alongside them.
 */
public sealed interface Message permits FrontendMessage, BackendMessage {

    /** The documentation's name of the message, e.g. {@code ErrorResponse}. */
    default String typeName() {
        return getClass().getSimpleName();
    }
}
