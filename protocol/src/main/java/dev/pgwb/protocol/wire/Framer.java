package dev.pgwb.protocol.wire;

import static dev.pgwb.protocol.wire.BigEndian.int32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the two byte streams of one connection into {@link Frame}s. Incremental: any chunking of
 * the input, down to one byte at a time, gives the same frames.
 *
 * <p>It never interprets bodies. It knows only the startup phase (untyped packets, the server's
 * one-byte SSL/GSS answers, a direct-TLS ClientHello), {@code type + int32 length} afterwards, and
 * that after an accepted SSL/GSS request everything is opaque encrypted records. A stream picked up
 * late is checked for a leading startup-phase packet by its layout alone ({@link StartupCodes#packetAt});
 * nothing of it is read for meaning. A length that
 * cannot be right gives a {@link FrameKind#MALFORMED} frame and the rest of that direction as
 * {@link FrameKind#RAW}; the declared size is never allocated.
 *
 * <p>The two directions share what the handshake decided: the backend's one-byte answer is only
 * expected after the frontend asked. When only one direction is ever fed (decoding a file of
 * server bytes alone), the framer decides from the bytes themselves.
 *
 * <p>Not thread-safe: one feeder per direction, serialised by the caller.
 */
public final class Framer {

    /** Default limit on a declared message length: 1 GiB, PostgreSQL's own MaxAllocSize. */
    public static final int DEFAULT_MAX_LENGTH = 1 << 30;

    /** The largest TLS record payload: 2^14 plaintext plus the expansion TLS 1.2 allows. */
    private static final int MAX_TLS_RECORD = (1 << 14) + 2048;

    private enum Mode { START, TYPED, TLS, GSS, RAW, RESYNC }

    private enum Pending { NONE, SSL, GSS }

    private final int maxLength;
    private final TypeBytes types;
    private final Side frontend = new Side(Direction.FRONTEND);
    private final Side backend = new Side(Direction.BACKEND);
    private long nextSeq;
    private Pending pending = Pending.NONE;
    /**
     * A resyncing framer whose frontend stream may still begin with a startup-phase packet (the
     * capture missed only the TCP handshake): its first bytes are held until they are one, and the
     * connection is then framed as one whose start was seen, or cannot be one.
     */
    private boolean startupMayLead;

    public Framer() {
        this(DEFAULT_MAX_LENGTH);
    }

    public Framer(int maxLength) {
        this(maxLength, TypeBytes.standard());
    }

    /** A framer whose resynchronisation knows the type bytes of {@code types} (a registry of message types). */
    public Framer(int maxLength, TypeBytes types) {
        if (maxLength < 8) {
            throw new IllegalArgumentException("maxLength must be at least 8, got " + maxLength);
        }
        this.maxLength = maxLength;
        this.types = types;
    }

    /**
     * A framer for bytes taken from the middle of a connection (a capture that starts late, a file
     * of one direction after startup): both directions start with typed messages.
     */
    public static Framer pastStartup() {
        Framer f = new Framer();
        f.frontend.mode = Mode.TYPED;
        f.backend.mode = Mode.TYPED;
        f.frontend.seen = true;
        return f;
    }

    /**
     * A framer for a stream picked up at an unknown point (a capture that starts mid-connection):
     * both directions first look for a plausible {@code type + length} chain, and bytes before it
     * are kept as one RAW frame.
     *
     * <p>Unless the frontend's first bytes are a whole startup-phase packet
     * ({@link StartupCodes#packetAt}: the capture missed no more than the TCP handshake): then both
     * directions are framed from there exactly as by {@code new Framer()}. The frontend's first bytes
     * are held until they are such a packet or cannot be; backend bytes (or a gap) before the whole
     * packet rule it out, as a server answers only a whole packet.
     */
    public static Framer resyncing() {
        return resyncing(TypeBytes.standard());
    }

    /** {@link #resyncing()} knowing the type bytes of {@code types}. */
    public static Framer resyncing(TypeBytes types) {
        Framer f = new Framer(DEFAULT_MAX_LENGTH, types);
        f.frontend.mode = Mode.RESYNC;
        f.backend.mode = Mode.RESYNC;
        f.frontend.seen = true;
        f.startupMayLead = true;
        return f;
    }

    /**
     * {@code missing} bytes of {@code direction} were lost before the ones fed next (a capture
     * missed a TCP segment). The bytes held of an incomplete frame are emitted as RAW, the stream
     * offset jumps over the hole, and framing resumes at the next plausible {@code type + length}
     * chain ({@link #plausibleStart}); bytes skipped to get there become a RAW frame. An encrypted
     * or raw stream stays as it was (TLS records resynchronise on their own header).
     */
    public void gap(Direction direction, long missing, long timeNanos, Consumer<Frame> sink) {
        if (startupMayLead) {
            noStartupLeads(sink);
        }
        Side side = side(direction);
        int n = side.available();
        if (n > 0) {
            emit(side, FrameKind.RAW, side.buf, side.start, n, timeNanos, "incomplete frame (" + n + " byte(s)) cut by a gap of "
                    + missing + " missing byte(s)", sink);
            side.consume(n);
            side.compact();
        }
        side.offset += missing;
        side.seen = true;
        if (side.mode == Mode.TYPED || side.mode == Mode.START || side.mode == Mode.RESYNC) {
            side.mode = Mode.RESYNC;
            side.resyncTls = false;
        } else if (side.mode == Mode.TLS) {
            side.mode = Mode.RESYNC;
            side.resyncTls = true;
        }
    }

    /** Convenience for {@link #feed(Direction, byte[], int, int, long, Consumer)} collecting into a list. */
    public List<Frame> feed(Direction direction, byte[] chunk, long timeNanos) {
        List<Frame> out = new ArrayList<>();
        feed(direction, chunk, 0, chunk.length, timeNanos, out::add);
        return out;
    }

    /** Adds bytes that arrived in {@code direction}; every frame they complete goes to {@code sink}, in order. */
    public void feed(Direction direction, byte[] chunk, int off, int len, long timeNanos, Consumer<Frame> sink) {
        Side side = side(direction);
        if (len == 0) {
            return;
        }
        if (startupMayLead && direction == Direction.BACKEND) {
            noStartupLeads(sink);
        }
        side.lastTime = timeNanos;
        if (side.mode == Mode.RAW) {
            // Nothing after a malformed header can be trusted: pass the chunk on as it came.
            emit(side, FrameKind.RAW, chunk, off, len, timeNanos, "after a malformed frame", sink);
            return;
        }
        side.append(chunk, off, len);
        side.seen = true;
        cutAll(side, timeNanos, sink);
    }

    private void cutAll(Side side, long timeNanos, Consumer<Frame> sink) {
        while (side.mode != Mode.RAW && cutOne(side, timeNanos, sink)) {
            // keep cutting
        }
        if (side.mode == Mode.RAW && side.available() > 0) {
            emit(side, FrameKind.RAW, side.buf, side.start, side.available(), timeNanos, "after a malformed frame", sink);
            side.consume(side.available());
        }
        side.compact();
    }

    /**
     * The frontend's stream does not begin with a startup-phase packet after all: what it held
     * waiting to tell is framed now, as plain resynchronisation, before anything that came later.
     */
    private void noStartupLeads(Consumer<Frame> sink) {
        startupMayLead = false;
        if (frontend.available() > 0) {
            cutAll(frontend, frontend.lastTime, sink);
        }
    }

    /**
     * The stream of {@code direction} ended (EOF). Bytes of an incomplete frame are returned as one
     * RAW frame so that nothing is lost.
     */
    public void finish(Direction direction, long timeNanos, Consumer<Frame> sink) {
        if (direction == Direction.FRONTEND) {
            startupMayLead = false; // an incomplete startup packet at the end is none
        }
        Side side = side(direction);
        if (side.mode == Mode.RESYNC && side.available() > 0) {
            side.atEnd = true;
            while (cutOne(side, timeNanos, sink)) {
                // a frame ending exactly at the stream's end counts as plausible
            }
            side.atEnd = false;
        }
        int n = side.available();
        if (n > 0) {
            emit(side, FrameKind.RAW, side.buf, side.start, n, timeNanos,
                    "stream ended inside a frame (" + n + " byte(s) of an incomplete " + side.mode.name().toLowerCase() + " frame)", sink);
            side.consume(n);
            side.compact();
        }
    }

    public List<Frame> finish(Direction direction, long timeNanos) {
        List<Frame> out = new ArrayList<>();
        finish(direction, timeNanos, out::add);
        return out;
    }

    /**
     * A relay terminated TLS after the handshake: what it records from now on is the decrypted
     * stream, which starts again with the client's startup packet.
     */
    public void tlsTerminated() {
        startupMayLead = false;
        frontend.mode = Mode.START;
        backend.mode = Mode.START;
        frontend.seen = true;
        pending = Pending.NONE;
    }

    /**
     * A frame that is recorded beside the stream without being part of it (the original bytes of
     * a message a relay rewrote): it takes the next sequence number and the position of the
     * direction's next frame, and changes nothing else.
     */
    public Frame sideFrame(Direction direction, FrameKind kind, byte[] bytes, long timeNanos) {
        return new Frame(direction, nextSeq++, timeNanos, side(direction).offset, kind, bytes.clone(), null);
    }

    /** Bytes of {@code direction} held back waiting for the rest of a frame. */
    public int pendingBytes(Direction direction) {
        return side(direction).available();
    }

    private Side side(Direction d) {
        return d == Direction.FRONTEND ? frontend : backend;
    }

    /** Cuts one frame from the side's buffer if it is complete; returns false when more bytes are needed. */
    private boolean cutOne(Side s, long time, Consumer<Frame> sink) {
        int avail = s.available();
        if (avail == 0) {
            return false;
        }
        byte[] b = s.buf;
        int p = s.start;
        switch (s.mode) {
            case START -> {
                return s.direction == Direction.FRONTEND ? cutFrontendStart(s, time, sink) : cutBackendStart(s, time, sink);
            }
            case TYPED -> {
                if (avail < 5) {
                    return false;
                }
                int length = int32(b, p + 1);
                if (length < 4 || length > maxLength) {
                    malformed(s, 5, time, "declared length " + Integer.toUnsignedString(length)
                            + (length < 4 ? " is less than 4" : " exceeds the maximum of " + maxLength), sink);
                    return false;
                }
                return cutIfComplete(s, 1L + length, FrameKind.TYPED, time, sink);
            }
            case TLS -> {
                if (avail < 5) {
                    return false;
                }
                int type = b[p] & 0xff;
                int length = ((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff);
                if (type < 20 || type > 24 || b[p + 1] != 3 || length > MAX_TLS_RECORD) {
                    malformed(s, 5, time, "not a TLS record header (content type " + type + ", version "
                            + (b[p + 1] & 0xff) + "." + (b[p + 2] & 0xff) + ", length " + length + ")", sink);
                    return false;
                }
                return cutIfComplete(s, 5L + length, FrameKind.TLS_RECORD, time, sink);
            }
            case GSS -> {
                if (avail < 4) {
                    return false;
                }
                int length = int32(b, p);
                if (length < 0 || length > maxLength - 4) {
                    malformed(s, 4, time, "GSSAPI packet length " + Integer.toUnsignedString(length) + " is out of range", sink);
                    return false;
                }
                return cutIfComplete(s, 4L + length, FrameKind.GSS_PACKET, time, sink);
            }
            case RESYNC -> {
                if (startupMayLead && s == frontend) {
                    // Still at the stream's first byte: nothing of the frontend was emitted while this holds.
                    int verdict = StartupCodes.packetAt(b, p, s.end);
                    if (verdict == 0) {
                        return false;
                    }
                    startupMayLead = false;
                    if (verdict > 0) {
                        frontend.mode = Mode.START;
                        backend.mode = Mode.START;
                        return true;
                    }
                }
                return resync(s, time, sink);
            }
            default -> {
                return false;
            }
        }
    }

    /** Largest message length believed while resynchronising: beyond it a header is taken for noise. */
    private static final int RESYNC_MAX_LENGTH = 64 << 20;

    /** Finds the next plausible frame start; emits the bytes before it as RAW and returns to normal framing. */
    private boolean resync(Side s, long time, Consumer<Frame> sink) {
        int from = s.start;
        int end = s.end;
        int found = -1;
        int i = from;
        for (; i < end; i++) {
            // A frame ending exactly where the bytes fed so far end counts as plausible: senders write
            // whole messages, so a chunk (a TCP segment) ending there is the boundary of the next one.
            int verdict = s.resyncTls ? tlsChainAt(s.buf, i, end, true) : typedChainAt(types, s.direction, s.buf, i, end, s.atEnd, true);
            if (verdict > 0) {
                found = i;
                break;
            }
            if (verdict == 0) {
                break; // undecided: more bytes needed
            }
        }
        int skipped = (found >= 0 ? found : i) - from;
        if (skipped > 0) {
            emit(s, FrameKind.RAW, s.buf, from, skipped, time, skipped + " byte(s) skipped looking for the next message boundary", sink);
            s.consume(skipped);
        }
        if (found >= 0) {
            s.mode = s.resyncTls ? Mode.TLS : Mode.TYPED;
            return true;
        }
        return false;
    }

    /**
     * Whether a plausible chain of typed messages starts at {@code p}: 1 yes, -1 no, 0 not known
     * before more bytes arrive. Plausible: a type byte the {@code direction} sends, a length that
     * fits the type (4 for Sync, 5 for ReadyForQuery...), and after it another plausible header, or
     * the end of the stream when {@code atEnd}, or the end of the bytes held when {@code endIsBoundary}
     * (they came in chunks a sender wrote, such as TCP segments).
     */
    public static int typedChainAt(Direction direction, byte[] b, int p, int end, boolean atEnd, boolean endIsBoundary) {
        return typedChainAt(TypeBytes.standard(), direction, b, p, end, atEnd, endIsBoundary);
    }

    /** {@link #typedChainAt(Direction, byte[], int, int, boolean, boolean)} with the type bytes of {@code types}. */
    public static int typedChainAt(TypeBytes types, Direction direction, byte[] b, int p, int end, boolean atEnd,
            boolean endIsBoundary) {
        int h = headerVerdict(types, direction, b, p, end);
        if (h <= 0) {
            return atEnd && h == 0 ? -1 : h;
        }
        long next = p + 1L + int32(b, p + 1);
        if (next == end && (atEnd || endIsBoundary)) {
            return 1;
        }
        if (next >= end) {
            return atEnd ? -1 : 0;
        }
        int h2 = headerVerdict(types, direction, b, (int) next, end);
        if (h2 == 0) {
            return atEnd ? -1 : 0;
        }
        return h2;
    }

    private static int headerVerdict(TypeBytes types, Direction direction, byte[] b, int p, int end) {
        if (end - p < 1) {
            return 0;
        }
        int type = b[p] & 0xff;
        int fixed = types.fixedLength(direction, type);
        if (fixed == -1) {
            return -1;
        }
        if (end - p < 5) {
            return 0;
        }
        int length = int32(b, p + 1);
        if (length < 4 || length > RESYNC_MAX_LENGTH || (fixed > 0 && length != fixed)) {
            return -1;
        }
        return 1;
    }

    private static int tlsChainAt(byte[] b, int p, int end, boolean endIsBoundary) {
        boolean atEnd = false;
        if (end - p < 5) {
            return 0;
        }
        int type = b[p] & 0xff;
        int length = ((b[p + 3] & 0xff) << 8) | (b[p + 4] & 0xff);
        if (type < 20 || type > 24 || b[p + 1] != 3 || (b[p + 2] & 0xff) > 4 || length > MAX_TLS_RECORD) {
            return -1;
        }
        long next = p + 5L + length;
        if (next == end && endIsBoundary) {
            return 1;
        }
        if (end - next < 5) {
            return atEnd ? -1 : 0;
        }
        int t2 = b[(int) next] & 0xff;
        return t2 >= 20 && t2 <= 24 && b[(int) next + 1] == 3 ? 1 : -1;
    }

    /**
     * Where, within the first {@code scanLimit} bytes of {@code b[off, off+len)}, a plausible chain
     * of messages sent by {@code direction} starts ({@link #typedChainAt}), or -1.
     */
    public static int plausibleStart(Direction direction, byte[] b, int off, int len, int scanLimit, boolean atEnd) {
        return plausibleStart(TypeBytes.standard(), direction, b, off, len, scanLimit, atEnd);
    }

    /** {@link #plausibleStart(Direction, byte[], int, int, int, boolean)} with the type bytes of {@code types}. */
    public static int plausibleStart(TypeBytes types, Direction direction, byte[] b, int off, int len, int scanLimit, boolean atEnd) {
        int end = off + len;
        for (int i = off; i < end && i - off < scanLimit; i++) {
            int v = typedChainAt(types, direction, b, i, end, atEnd, false);
            if (v > 0) {
                return i;
            }
        }
        return -1;
    }

    private boolean cutFrontendStart(Side s, long time, Consumer<Frame> sink) {
        byte[] b = s.buf;
        int p = s.start;
        if ((b[p] & 0xff) == 0x16) {
            // A TLS handshake record where a length's high byte would be: direct SSL (PostgreSQL 17+),
            // or the ClientHello after an accepted SSLRequest.
            s.mode = Mode.TLS;
            if (pending == Pending.NONE && !backend.seen) {
                backend.mode = Mode.TLS;
            }
            return true;
        }
        if (s.available() < 8) {
            return false;
        }
        int length = int32(b, p);
        int code = int32(b, p + 4);
        if (pending == Pending.GSS && !StartupCodes.isPlausible(code)) {
            // Only one direction known: after GSSENCRequest, a packet that is not a startup packet is a GSS token.
            s.mode = Mode.GSS;
            return true;
        }
        if (length < 8 || length > maxLength) {
            malformed(s, 8, time, "startup packet length " + Integer.toUnsignedString(length)
                    + (length < 8 ? " is less than 8" : " exceeds the maximum of " + maxLength), sink);
            return false;
        }
        if (s.available() < length) {
            return false;
        }
        emit(s, FrameKind.UNTYPED, b, p, length, time, null, sink);
        s.consume(length);
        switch (code) {
            case StartupCodes.SSL_REQUEST -> pending = Pending.SSL;
            case StartupCodes.GSSENC_REQUEST -> pending = Pending.GSS;
            case StartupCodes.CANCEL_REQUEST -> pending = Pending.NONE; // the connection carries nothing else
            default -> {
                pending = Pending.NONE;
                s.mode = Mode.TYPED;
            }
        }
        return true;
    }

    private boolean cutBackendStart(Side s, long time, Consumer<Frame> sink) {
        byte[] b = s.buf;
        int p = s.start;
        int first = b[p] & 0xff;
        boolean answer;
        if (pending != Pending.NONE) {
            answer = first == 'S' || first == 'N' || first == 'G';
        } else if (frontend.seen) {
            answer = false;
        } else {
            // Server bytes alone: decide from the bytes. 'N' is also NoticeResponse, whose length's
            // first byte is 0; an 'N' answer is followed by 'R' or 'E' (or nothing yet).
            if (first == 0x16) {
                s.mode = Mode.TLS;
                return true;
            }
            if (first == 'N') {
                if (s.available() < 2) {
                    return false;
                }
                answer = b[p + 1] != 0;
            } else {
                answer = first == 'S' || first == 'G';
            }
        }
        if (!answer) {
            s.mode = Mode.TYPED;
            return true;
        }
        emit(s, FrameKind.SINGLE_BYTE, b, p, 1, time, null, sink);
        s.consume(1);
        Pending asked = pending;
        pending = Pending.NONE;
        if (first == 'S') {
            s.mode = Mode.TLS;
            if (frontend.mode == Mode.START) {
                frontend.mode = Mode.TLS;
            }
        } else if (first == 'G') {
            s.mode = Mode.GSS;
            if (frontend.mode == Mode.START && (frontend.seen || asked == Pending.GSS)) {
                frontend.mode = Mode.GSS;
            }
        }
        // 'N': the client may ask again (GSS then SSL) or send its StartupMessage; the backend stays in START.
        return true;
    }

    private boolean cutIfComplete(Side s, long total, FrameKind kind, long time, Consumer<Frame> sink) {
        if (s.available() < total) {
            return false;
        }
        emit(s, kind, s.buf, s.start, (int) total, time, null, sink);
        s.consume((int) total);
        return true;
    }

    private void malformed(Side s, int headerLength, long time, String why, Consumer<Frame> sink) {
        emit(s, FrameKind.MALFORMED, s.buf, s.start, headerLength, time, why, sink);
        s.consume(headerLength);
        s.mode = Mode.RAW;
    }

    private void emit(Side s, FrameKind kind, byte[] src, int off, int len, long time, String problem, Consumer<Frame> sink) {
        byte[] copy = Arrays.copyOfRange(src, off, off + len);
        Frame f = new Frame(s.direction, nextSeq++, time, s.offset, kind, copy, problem);
        s.offset += len;
        sink.accept(f);
    }


    /** One direction's buffer and mode. */
    private static final class Side {
        final Direction direction;
        Mode mode = Mode.START;
        byte[] buf = new byte[256];
        int start;
        int end;
        long offset;
        long lastTime;
        boolean seen;
        boolean resyncTls;
        boolean atEnd;

        Side(Direction direction) {
            this.direction = direction;
        }

        int available() {
            return end - start;
        }

        void append(byte[] src, int off, int len) {
            if (end + len > buf.length) {
                int need = end - start + len;
                byte[] grown = need > buf.length / 2 ? new byte[Math.max(need, buf.length * 2)] : buf;
                System.arraycopy(buf, start, grown, 0, end - start);
                buf = grown;
                end -= start;
                start = 0;
            }
            System.arraycopy(src, off, buf, end, len);
            end += len;
        }

        void consume(int n) {
            start += n;
        }

        void compact() {
            if (start == end) {
                start = end = 0;
                if (buf.length > (1 << 20)) {
                    buf = new byte[256]; // let one big message's buffer go
                }
            }
        }
    }
}
