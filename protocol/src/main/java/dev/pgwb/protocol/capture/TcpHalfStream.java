package dev.pgwb.protocol.capture;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a TCP connection put back in order. Sequence numbers are made 64-bit stream
 * offsets relative to the first byte (the SYN's ISN + 1, or the first sequence number seen when
 * the capture starts mid-stream), which also carries them across the 32-bit wrap. Segments that
 * arrive early wait in a bounded buffer; retransmitted and overlapping bytes are delivered once
 * (the first copy wins, a copy with different bytes is reported). A hole is declared a gap when
 * the peer acknowledges past it, when the buffer is full, or when the stream ends.
 */
final class TcpHalfStream {

    interface Sink {
        void data(byte[] b, int off, int len, long time);

        /** {@code missing} bytes at stream offset {@code offset} never appeared in the capture. */
        void gap(long offset, long missing, long time);

        /** A retransmission carried bytes other than the first copy's, at {@code offset}. */
        void conflict(long offset, int length, long time);
    }

    /** A segment that came early; {@code declared} > data.length when the capture cut it (snapshot length). */
    private record Early(byte[] data, int declared, long time) {
    }

    static final int MAX_BUFFERED = 4 << 20;
    private static final int RING = 1 << 16;

    private final Sink sink;
    private boolean started;
    boolean startSeen;
    private long baseSeq;
    private long next;
    private final TreeMap<Long, Early> early = new TreeMap<>();
    private long earlyBytes;
    private long acked = -1;
    private long finOffset = -1;
    /** The last bytes delivered, to compare retransmissions with; allocated on first use, dropped at the end. */
    private byte[] ring;
    private boolean ignored;

    TcpHalfStream(Sink sink) {
        this.sink = sink;
    }

    boolean started() {
        return started;
    }

    /** Bytes delivered or skipped as gaps so far: the stream offset of the next byte. */
    long offset() {
        return next;
    }

    void syn(long seq) {
        if (!started || next == 0) {
            baseSeq = (seq + 1) & 0xffffffffL;
            started = true;
            startSeen = true;
        }
    }

    private long abs(long seq) {
        long expected = (baseSeq + next) & 0xffffffffL;
        int diff = (int) (seq - expected);
        return next + diff;
    }

    /** Nothing of this stream is wanted any more (not PostgreSQL, or ended): hold nothing. */
    void ignore() {
        ignored = true;
        early.clear();
        earlyBytes = 0;
        ring = null;
    }

    void segment(long seq, byte[] payload, int declaredLength, boolean fin, long time) {
        if (ignored) {
            return;
        }
        if (!started) {
            if (payload.length == 0 && !fin) {
                return;
            }
            baseSeq = seq;
            started = true;
        }
        long a = abs(seq);
        if (fin) {
            finOffset = a + declaredLength;
        }
        if (payload.length == 0) {
            return;
        }
        if (a < 0) { // before the first byte we took as the start: only its tail is new
            int cut = (int) Math.min(payload.length, -a);
            if (cut == payload.length) {
                return;
            }
            payload = java.util.Arrays.copyOfRange(payload, cut, payload.length);
            a = 0;
        }
        int declared = Math.max(declaredLength, payload.length);
        if (a <= next) {
            accept(a, payload, declared, time);
            drain();
        } else {
            Early have = early.get(a);
            if (have == null || have.data.length < payload.length) {
                if (have != null) {
                    earlyBytes -= have.data.length;
                }
                early.put(a, new Early(payload, declared, time));
                earlyBytes += payload.length;
            }
            if (earlyBytes > MAX_BUFFERED) {
                skipFirstHole();
            }
        }
    }

    /** The peer acknowledged up to {@code ackSeq}: a hole it has passed will never be filled from the capture. */
    void acknowledged(long ackSeq) {
        if (!started || ignored) {
            return;
        }
        long a = abs(ackSeq);
        if (a > acked) {
            acked = a;
        }
        while (!early.isEmpty() && early.firstKey() > next && acked > early.firstKey()) {
            skipFirstHole();
        }
    }

    /** The stream ended (FIN, RST, end of the capture): everything buffered goes out, holes as gaps. */
    void finish(long time) {
        if (ignored) {
            return;
        }
        while (!early.isEmpty()) {
            skipFirstHole();
        }
        long end = acked;
        if (finOffset >= 0 && end > finOffset) {
            end = finOffset; // the FIN takes a sequence number of its own
        }
        if (end > next && end - next < (1L << 31)) {
            sink.gap(next, end - next, time);
            next = end;
        }
    }

    private void skipFirstHole() {
        Map.Entry<Long, Early> first = early.firstEntry();
        if (first.getKey() > next) {
            sink.gap(next, first.getKey() - next, first.getValue().time);
            next = first.getKey();
        }
        drain();
    }

    private void drain() {
        while (!early.isEmpty() && early.firstKey() <= next) {
            Map.Entry<Long, Early> e = early.pollFirstEntry();
            earlyBytes -= e.getValue().data.length;
            accept(e.getKey(), e.getValue().data, e.getValue().declared, e.getValue().time);
        }
    }

    /**
     * {@code a <= next}: compares the part already delivered, delivers the rest. The part of a
     * segment the capture cut off ({@code declared} beyond the data) is a gap at once: no copy of it
     * will come.
     */
    private void accept(long a, byte[] data, int declared, long time) {
        if (ring == null) {
            ring = new byte[RING];
        }
        long overlapEnd = Math.min(next, a + data.length);
        // a keep-alive probe repeats the last byte sent, often as a zero byte: not a retransmission worth a word
        boolean keepAlive = data.length == 1 && a + 1 == next;
        long checkFrom = keepAlive ? overlapEnd : Math.max(a, next - RING);
        for (long o = checkFrom; o < overlapEnd; o++) {
            if (ring[(int) (o & (RING - 1))] != data[(int) (o - a)]) {
                sink.conflict(o, (int) (overlapEnd - o), time);
                break;
            }
        }
        if (a + data.length > next) {
            int from = (int) (next - a);
            int len = data.length - from;
            for (int i = 0; i < len; i++) {
                ring[(int) ((next + i) & (RING - 1))] = data[from + i];
            }
            next += len;
            sink.data(data, from, len, time);
        }
        long cutEnd = a + declared;
        if (cutEnd > next) {
            long end = early.isEmpty() ? cutEnd : Math.min(cutEnd, early.firstKey());
            if (end > next) {
                sink.gap(next, end - next, time);
                next = end;
            }
        }
    }
}
