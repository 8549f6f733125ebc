package dev.pgwb.app.ui.timeline;

import dev.pgwb.protocol.codec.MessageType;
import dev.pgwb.protocol.codec.MessageTypes;
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

    /**
     * The colour group of a message by its documentation name, as {@code Decoded.typeName()} gives
     * it: its family in the registry of message types.
     */
    public static MessageFamily of(String typeName) {
        return of(MessageTypes.standard().family(typeName));
    }

    /** The colour group of a family: replication messages ride in CopyData and are coloured as COPY. */
    public static MessageFamily of(MessageType.Family family) {
        return switch (family) {
            case STARTUP_AUTH -> STARTUP_AUTH;
            case SIMPLE_QUERY -> SIMPLE_QUERY;
            case EXTENDED_QUERY -> EXTENDED_QUERY;
            case RESULTS -> RESULTS;
            case COPY, REPLICATION -> COPY;
            case ERROR_NOTICE -> ERROR_NOTICE;
            case ASYNC -> ASYNC;
            case OTHER -> OTHER;
        };
    }
}
