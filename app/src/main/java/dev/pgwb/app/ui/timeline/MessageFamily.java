package dev.pgwb.app.ui.timeline;

import java.awt.Color;
import java.util.Locale;

/** The colour groups of the timeline's type column: what part of the protocol a message belongs to. */
public enum MessageFamily {
    STARTUP_AUTH(new Color(0x6a3d9a), new Color(0xc3a6ff)),
    SIMPLE_QUERY(new Color(0x1f5fbf), new Color(0x7fb2ff)),
    EXTENDED_QUERY(new Color(0x00796b), new Color(0x5fd3c1)),
    RESULTS(new Color(0x4e5b31), new Color(0xb5c98a)),
    COPY(new Color(0x9a5b00), new Color(0xf0b45a)),
    ERROR_NOTICE(new Color(0xc62828), new Color(0xff7b72)),
    ASYNC(new Color(0x8e24aa), new Color(0xe59ef5)),
    OTHER(new Color(0x616161), new Color(0xa8a8a8));

    private final Color light;
    private final Color dark;

    MessageFamily(Color light, Color dark) {
        this.light = light;
        this.dark = dark;
    }

    public Color color(boolean darkTheme) {
        return darkTheme ? dark : light;
    }

    /** The resource key of the family's name, for the legend. */
    public String textKey() {
        return "family." + name().toLowerCase(Locale.ROOT);
    }

    /** The family of a message by its documentation name, as {@code Decoded.typeName()} gives it. */
    public static MessageFamily of(String typeName) {
        if (typeName.startsWith("Authentication") || typeName.startsWith("SASL") || typeName.startsWith("GSS")
                || typeName.startsWith("SSL")) {
            return STARTUP_AUTH;
        }
        if (typeName.startsWith("Copy") || typeName.equals("XLogData") || typeName.equals("PrimaryKeepalive")
                || typeName.equals("StandbyStatusUpdate") || typeName.equals("HotStandbyFeedback")) {
            return COPY;
        }
        return switch (typeName) {
            case "StartupMessage", "PasswordMessage", "BackendKeyData", "NegotiateProtocolVersion", "CancelRequest",
                 "Terminate", "ParameterStatus" -> STARTUP_AUTH;
            case "Query", "EmptyQueryResponse" -> SIMPLE_QUERY;
            case "Parse", "Bind", "Describe", "Execute", "Close", "Sync", "Flush", "ParseComplete", "BindComplete",
                 "CloseComplete", "NoData", "ParameterDescription", "PortalSuspended" -> EXTENDED_QUERY;
            case "RowDescription", "DataRow", "CommandComplete", "ReadyForQuery", "FunctionCallResponse" -> RESULTS;
            case "ErrorResponse", "NoticeResponse" -> ERROR_NOTICE;
            case "NotificationResponse", "FunctionCall" -> ASYNC;
            default -> OTHER;
        };
    }
}
