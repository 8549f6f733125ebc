package dev.pgwb.protocol.filter;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.ErrorOrNotice;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.NoticeResponse;
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

    /**
     * The facts of one message already decoded, outside any index (a message as it passes, a test):
     * every fact is read from {@code d} as the timeline's index reads it.
     */
    static RowFacts of(long index, int connectionId, Decoded d) {
        return new RowFacts() {
            @Override
            public long index() {
                return index;
            }

            @Override
            public int connectionId() {
                return connectionId;
            }

            @Override
            public Direction direction() {
                return d.frame().direction();
            }

            @Override
            public String typeName() {
                return d.typeName();
            }

            @Override
            public String sqlState() {
                return d.message() instanceof ErrorOrNotice e ? e.sqlState() : "";
            }

            @Override
            public boolean isError() {
                return d.message() instanceof ErrorResponse;
            }

            @Override
            public boolean isNotice() {
                return d.message() instanceof NoticeResponse;
            }

            @Override
            public boolean hasProblems() {
                return d.isUndecoded() || !d.problems().isEmpty() || d.frame().problem() != null;
            }

            @Override
            public Decoded decoded() {
                return d;
            }
        };
    }
}
