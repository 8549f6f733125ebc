package dev.pgwb.protocol.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One COPY FROM STDIN as the client sent it: the CopyData frames in order, each with the lines it
 * carried, so that an error's "line N" can be traced to the frame that held that line.
 */
public final class CopyIn {

    /**
     * One CopyData frame.
     *
     * @param seq         the frame
     * @param timeNanos   when it arrived
     * @param bytes       its payload's length
     * @param linesBefore the newlines sent in earlier CopyData of this COPY (line numbers start at 1)
     * @param newlines    the newlines in this frame
     */
    public record Chunk(long seq, long timeNanos, int bytes, long linesBefore, int newlines) {
        /** True when line {@code n} (from 1) ends in this frame, or is the unfinished last line it holds. */
        public boolean endsLine(long n) {
            return linesBefore < n && n <= linesBefore + newlines;
        }
    }

    private final long requestSeq;
    private final long responseSeq;
    private final int format;
    private final List<Chunk> chunks = new ArrayList<>();
    private long endSeq = -1;
    private long lines;

    CopyIn(long requestSeq, long responseSeq, int format) {
        this.requestSeq = requestSeq;
        this.responseSeq = responseSeq;
        this.format = format;
    }

    /** The Query (or Execute) that ran the COPY, or -1 when unknown. */
    public long requestSeq() {
        return requestSeq;
    }

    /** The CopyInResponse. */
    public long responseSeq() {
        return responseSeq;
    }

    /** 0 text (or csv), 1 binary. */
    public int format() {
        return format;
    }

    public List<Chunk> chunks() {
        return Collections.unmodifiableList(chunks);
    }

    /** The client's CopyDone or CopyFail, or -1 when it sent neither. */
    public long endSeq() {
        return endSeq;
    }

    /** The frame holding the end of line {@code n} (from 1), if the COPY has that many lines. */
    public java.util.Optional<Chunk> chunkOfLine(long n) {
        for (Chunk c : chunks) {
            if (c.endsLine(n)) {
                return java.util.Optional.of(c);
            }
        }
        if (!chunks.isEmpty() && n == lines + 1) {
            return java.util.Optional.of(chunks.get(chunks.size() - 1)); // a last line without its newline
        }
        return java.util.Optional.empty();
    }

    void data(long seq, long timeNanos, int bytes, int newlines) {
        chunks.add(new Chunk(seq, timeNanos, bytes, lines, newlines));
        lines += newlines;
    }

    void end(long seq) {
        endSeq = seq;
    }
}
