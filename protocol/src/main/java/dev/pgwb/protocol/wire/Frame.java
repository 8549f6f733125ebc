package dev.pgwb.protocol.wire;

import java.util.Objects;

/**
 * One unit cut from a byte stream by the {@link Framer}: the source of truth that every decoded
 * view is derived from. The bytes are the frame's own copy and are never modified.
 *
 * @param direction    who sent it
 * @param seq          position among all frames of its connection (both directions), from 0
 * @param timeNanos    when its last byte arrived, as given by the feeder (epoch nanoseconds or any clock)
 * @param streamOffset offset of its first byte in its direction's stream
 * @param kind         how it was cut
 * @param bytes        every byte of the frame, type byte and length included
 * @param problem      why the framer marked it MALFORMED or RAW, otherwise {@code null}
 */
public record Frame(Direction direction, long seq, long timeNanos, long streamOffset, FrameKind kind,
                    byte[] bytes, String problem) {

    public Frame {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
    }

    public int length() {
        return bytes.length;
    }

    /** The message type byte of a TYPED frame (or the answer of a SINGLE_BYTE frame), else -1. */
    public int typeByte() {
        return (kind == FrameKind.TYPED || kind == FrameKind.SINGLE_BYTE || kind == FrameKind.MALFORMED)
                && bytes.length > 0 ? bytes[0] & 0xff : -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && direction == f.direction && seq == f.seq && timeNanos == f.timeNanos
                && streamOffset == f.streamOffset && kind == f.kind && java.util.Arrays.equals(bytes, f.bytes)
                && Objects.equals(problem, f.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, seq, kind, streamOffset) * 31 + java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Frame[" + direction.code() + " #" + seq + " " + kind + " @" + streamOffset + " len=" + bytes.length
                + (problem == null ? "" : " problem=" + problem) + "]";
    }
}
