package dev.pgwb.protocol.filter;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.wire.Direction;

/**
 * What a filter may ask about one message (in the window, a timeline row). The cheap facts come
 * from an index (the timeline's); {@link #decoded()} decodes the message and is only called by
 * filters that need its content.
 */
public interface RowFacts {
    long index();

    int connectionId();

    Direction direction();

    String typeName();

    /** The SQLSTATE of an ErrorResponse or NoticeResponse, else "". */
    String sqlState();

    boolean isError();

    boolean isNotice();

    /** Unknown, malformed, or decoded with problems. */
    boolean hasProblems();

    Decoded decoded();
}
