package dev.pgwb.app.ui.sequence;

import dev.pgwb.protocol.analysis.FrameIndex;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.RoundTrip;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection of a session as the sequence diagram draws it: its messages in order, compact
 * (a few bytes of facts per message in primitive arrays), and its <em>lines</em>: one per message,
 * except that a run of DataRows is one line ("DataRow ×120") until it is expanded.
 *
 * <p>It follows the session's {@link SessionAnalysis} (so a live session keeps growing): the
 * connection's frames come from the analysis's {@link FrameIndex}, request outcomes (failed, skipped
 * after an error, never executed) and round trips from the connection's conversation there; nothing
 * is decoded twice. Only the facts are kept; the message of a line is decoded again when it is
 * painted ({@link #decoded}), from the decoder state the analysis froze for it, and the last few
 * hundred are cached.
 *
 * <p>Readers on any thread see a consistent prefix: the arrays are replaced as a whole when they
 * grow and {@link #rowCount()} is published last.
 */
public final class SequenceModel implements AutoCloseable {
    public static final int FLAG_BACKEND = 1;
    public static final int FLAG_ERROR = 2;
    public static final int FLAG_NOTICE = 4;
    public static final int FLAG_SKIPPED = 8;
    public static final int FLAG_FAILED = 16;
    public static final int FLAG_PROBLEM = 32;
    public static final int FLAG_DATAROW = 64;
    /** Sent after the server had ended the connection with a FATAL: never executed (drawn like a skipped one). */
    public static final int FLAG_NOT_EXECUTED = 128;

    private static final int CACHE = 2048;

    /** Told on the worker thread that rows, outcomes or round trips changed. */
    public interface Listener {
        void changed();
    }

    private static final class Rows {
        final long[] index;
        final long[] time;
        final long[] seq;
        final short[] type;
        final byte[] flags;

        Rows(int n) {
            index = new long[n];
            time = new long[n];
            seq = new long[n];
            type = new short[n];
            flags = new byte[n];
        }

        Rows grow(int used) {
            Rows r = new Rows(index.length * 2);
            System.arraycopy(index, 0, r.index, 0, used);
            System.arraycopy(time, 0, r.time, 0, used);
            System.arraycopy(seq, 0, r.seq, 0, used);
            System.arraycopy(type, 0, r.type, 0, used);
            System.arraycopy(flags, 0, r.flags, 0, used);
            return r;
        }
    }

    /** Lines: the first row of each, and how many rows it stands for (a collapsed DataRow run: more than one). */
    private static final class Lines {
        final int[] first;
        final int[] size;

        Lines(int n) {
            first = new int[n];
            size = new int[n];
        }

        Lines grow(int used, int atLeast) {
            Lines l = new Lines(Math.max(atLeast, first.length * 2));
            System.arraycopy(first, 0, l.first, 0, used);
            System.arraycopy(size, 0, l.size, 0, used);
            return l;
        }
    }

    /** A round trip in rows: the first request's row, the ReadyForQuery's row, its duration. */
    public record Trip(int number, int firstRow, int readyRow, int requests, long durationNanos) {
    }

    private final SessionStore store;
    private final int connectionId;
    private final SessionAnalysis analysis;
    private final boolean ownsAnalysis;
    private final SessionAnalysis.Listener onAnalysed = this::analysed;
    private volatile boolean started;
    private volatile boolean closed;
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Short> typeIds = new HashMap<>();
    private final List<Request> open = new ArrayList<>();
    private final BitSet expanded = new BitSet();
    private final Map<Integer, Decoded> cache = new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Decoded> e) {
            return size() > CACHE;
        }
    };
    private final List<Trip> trips = new ArrayList<>();
    private volatile Rows rows = new Rows(256);
    private volatile int rowCount;
    private volatile Lines lines = new Lines(256);
    private volatile int lineCount;
    private volatile long indexedUpTo;
    private long requestsSeenUpTo = -1; // the seq of the last request taken into "open"
    private long tripsSeenUpTo = -1;    // the ReadyForQuery seq of the last round trip taken
    private volatile Listener listener = () -> { };

    /** The diagram of one connection of the session's analysis (shared with the window's other views). */
    public SequenceModel(SessionAnalysis analysis, SessionStore store, int connectionId) {
        this(analysis, store, connectionId, false);
    }

    /** A diagram with an analysis of its own, following {@code store}. */
    public SequenceModel(SessionStore store, int connectionId) {
        this(null, store, connectionId, true);
    }

    private SequenceModel(SessionAnalysis analysis, SessionStore store, int connectionId, boolean owns) {
        this.store = store;
        this.connectionId = connectionId;
        this.ownsAnalysis = owns;
        this.analysis = owns ? SessionAnalysis.prepare(store, SessionAnalysis.Options.window(), null) : analysis;
    }

    public void setListener(Listener l) {
        listener = l;
    }

    /** Starts following the analysis (what it has analysed already comes at once). */
    public SequenceModel start() {
        started = true;
        analysis.addListener(onAnalysed);
        analysed(analysis.analysedFrames());
        if (ownsAnalysis) {
            analysis.start();
        }
        return this;
    }

    public SessionStore store() {
        return store;
    }

    public int connectionId() {
        return connectionId;
    }

    /** True once every frame the store holds now has been gone through. */
    public boolean caughtUp() {
        return indexedUpTo >= store.frameCount();
    }

    // ------------------------------------------------------------------ the analysis's thread

    /** The analysis went further: the connection's new frames become rows, then outcomes and round trips follow. */
    private synchronized void analysed(long frames) {
        if (closed || !started) {
            return;
        }
        FrameIndex ix = analysis.index();
        int have = ix.countOf(connectionId);
        boolean changed = have > rowCount;
        for (int seq = rowCount; seq < have; seq++) {
            add(ix, ix.row(connectionId, seq));
        }
        indexedUpTo = frames;
        changed |= analysis.read(a -> outcomes(a));
        if (changed || caughtUp()) {
            listener.changed();
        }
    }

    private void add(FrameIndex ix, int frame) {
        int row = rowCount;
        Rows r = rows;
        if (row == r.index.length) {
            r = r.grow(row);
            rows = r;
        }
        int flags = 0;
        boolean backend = ix.direction(frame) == Direction.BACKEND;
        if (backend) {
            flags |= FLAG_BACKEND;
        }
        if (ix.isError(frame)) {
            flags |= FLAG_ERROR;
        } else if (ix.isNotice(frame)) {
            flags |= FLAG_NOTICE;
        }
        if (ix.hasProblems(frame)) {
            flags |= FLAG_PROBLEM;
        }
        String type = ix.typeName(frame);
        boolean dataRow = "DataRow".equals(type) && backend;
        if (dataRow) {
            flags |= FLAG_DATAROW;
        }
        r.index[row] = frame;
        r.time[row] = ix.timeNanos(frame);
        r.seq[row] = ix.seq(frame);
        r.type[row] = intern(type);
        r.flags[row] = (byte) flags;
        rowCount = row + 1;
        synchronized (expanded) {
            appendLine(row, dataRow);
        }
    }

    /** Extends the last line when it is a collapsed DataRow run and this is one more DataRow; else a new line. */
    private void appendLine(int row, boolean dataRow) {
        int n = lineCount;
        Lines l = lines;
        if (dataRow && n > 0) {
            int last = n - 1;
            int first = l.first[last];
            Rows r = rows;
            // the last line is a run's head (not a row inside an expanded run) ending just before this row
            boolean lastIsRun = (r.flags[first] & FLAG_DATAROW) != 0 && first + l.size[last] == row
                    && (first == 0 || (r.flags[first - 1] & FLAG_DATAROW) == 0);
            if (lastIsRun && !expanded.get(first)) {
                l.size[last]++;
                return;
            }
        }
        if (n == l.first.length) {
            l = l.grow(n, n + 1);
            lines = l;
        }
        l.first[n] = row;
        l.size[n] = 1;
        lineCount = n + 1;
    }

    /** Moves what the conversation learned into the row flags and the round trips (the analysis held still). */
    private boolean outcomes(SessionAnalysis a) {
        Conversation conversation = a.conversation(connectionId).orElse(null);
        if (conversation == null) {
            return false;
        }
        boolean changed = false;
        List<Request> all = conversation.requests(); // in seq order; its oldest may have been forgotten
        for (int i = firstAfter(all, requestsSeenUpTo); i < all.size(); i++) {
            open.add(all.get(i));
            requestsSeenUpTo = all.get(i).seq();
        }
        Rows r = rows;
        for (int i = open.size() - 1; i >= 0; i--) {
            Request q = open.get(i);
            Request.Status s = q.status();
            if (s == Request.Status.PENDING) {
                continue;
            }
            int row = rowOfSeq(q.seq());
            if (row >= 0) {
                if (s == Request.Status.NOT_EXECUTED) {
                    r.flags[row] |= (byte) (FLAG_SKIPPED | FLAG_NOT_EXECUTED);
                } else if (s == Request.Status.SKIPPED) {
                    r.flags[row] |= FLAG_SKIPPED;
                } else if (s == Request.Status.FAILED) {
                    r.flags[row] |= FLAG_FAILED;
                }
                changed = true;
            }
            open.remove(i);
        }
        List<RoundTrip> rts = conversation.roundTrips();
        for (RoundTrip t : rts) {
            if (t.readySeq() <= tripsSeenUpTo) {
                continue;
            }
            tripsSeenUpTo = t.readySeq();
            int first = rowOfSeq(t.firstSeq());
            int ready = rowOfSeq(t.readySeq());
            if (first >= 0 && ready >= first) {
                synchronized (trips) {
                    trips.add(new Trip(trips.size() + 1, first, ready, t.requests(), t.durationNanos()));
                }
                changed = true;
            }
        }
        return changed;
    }

    /** The index of the first request whose seq is after {@code seq}. */
    private static int firstAfter(List<Request> requests, long seq) {
        int lo = 0;
        int hi = requests.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (requests.get(mid).seq() <= seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private short intern(String name) {
        synchronized (typeNames) {
            Short id = typeIds.get(name);
            if (id == null) {
                id = (short) typeNames.size();
                typeNames.add(name);
                typeIds.put(name, id);
            }
            return id;
        }
    }

    // ------------------------------------------------------------------ readers (any thread)

    public int rowCount() {
        return rowCount;
    }

    public int lineCount() {
        return lineCount;
    }

    /** The row of the connection's frame {@code seq} (its position in the connection), or -1. */
    public int rowOfSeq(long seq) {
        Rows r = rows;
        int n = rowCount;
        if (seq >= 0 && seq < n && r.seq[(int) seq] == seq) {
            return (int) seq; // every frame of the connection recorded: row and seq agree
        }
        int i = Arrays.binarySearch(r.seq, 0, n, seq);
        return i >= 0 ? i : -1;
    }

    /** The row of session frame {@code frameIndex}, or -1 when it is not one of this connection's. */
    public int rowOfFrame(long frameIndex) {
        Rows r = rows;
        int i = Arrays.binarySearch(r.index, 0, rowCount, frameIndex);
        return i >= 0 ? i : -1;
    }

    public long frameIndex(int row) {
        return rows.index[row];
    }

    /** The frame's position in its connection (what the conversation analysis calls it). */
    public long seq(int row) {
        return rows.seq[row];
    }

    public long timeNanos(int row) {
        return rows.time[row];
    }

    public int flags(int row) {
        return rows.flags[row];
    }

    public boolean isBackend(int row) {
        return (rows.flags[row] & FLAG_BACKEND) != 0;
    }

    public String typeName(int row) {
        short id = rows.type[row];
        synchronized (typeNames) {
            return typeNames.get(id);
        }
    }

    public int lineFirstRow(int line) {
        return lines.first[line];
    }

    /** How many rows line {@code line} stands for: 1, or the length of a collapsed DataRow run. */
    public int lineSize(int line) {
        return lines.size[line];
    }

    /** The line showing row {@code row}. */
    public int lineOfRow(int row) {
        Lines l = lines;
        int n = lineCount;
        int i = Arrays.binarySearch(l.first, 0, n, row);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    /** True for a line that is a collapsed run of DataRows, or the first line of an expanded run. */
    public boolean isRun(int line) {
        int first = lines.first[line];
        synchronized (expanded) {
            return lines.size[line] > 1 || expanded.get(first);
        }
    }

    public boolean isExpanded(int line) {
        synchronized (expanded) {
            return expanded.get(lines.first[line]);
        }
    }

    /** Shows a DataRow run one line per row, or folds it back into one line. */
    public void setExpanded(int line, boolean expand) {
        synchronized (expanded) {
            int first = lines.first[line];
            if ((rows.flags[first] & FLAG_DATAROW) == 0 || expanded.get(first) == expand) {
                return;
            }
            expanded.set(first, expand);
            rebuildLines();
        }
    }

    /** Rebuilds the lines from the rows (a run expanded or folded); O(rows), a few ms for a million. */
    private void rebuildLines() {
        int n = rowCount;
        Rows r = rows;
        Lines l = new Lines(Math.max(256, lines.first.length));
        int count = 0;
        int runStart = -1;
        for (int row = 0; row < n; row++) {
            boolean dr = (r.flags[row] & FLAG_DATAROW) != 0;
            if (dr && runStart < 0) {
                runStart = row;
            } else if (!dr) {
                runStart = -1;
            }
            if (dr && runStart != row && !expanded.get(runStart)) {
                l.size[count - 1]++;
                continue;
            }
            if (count == l.first.length) {
                l = l.grow(count, count + 1);
            }
            l.first[count] = row;
            l.size[count] = 1;
            count++;
        }
        // an expanded run's first row is the key; later rows of it are lines of their own
        lines = l;
        lineCount = count;
    }

    /** Round trips whose lines overlap rows {@code [fromRow, toRow]}, in order. */
    public List<Trip> trips(int fromRow, int toRow) {
        synchronized (trips) {
            int lo = 0;
            int hi = trips.size();
            while (lo < hi) { // first trip ending at or after fromRow
                int mid = (lo + hi) >>> 1;
                if (trips.get(mid).readyRow() < fromRow) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            List<Trip> out = new ArrayList<>();
            for (int i = lo; i < trips.size() && trips.get(i).firstRow() <= toRow; i++) {
                out.add(trips.get(i));
            }
            return out;
        }
    }

    /** Every round trip so far (tests, export of a range). */
    public List<Trip> trips() {
        synchronized (trips) {
            return List.copyOf(trips);
        }
    }

    /** The round trip a row belongs to, if any. */
    public Trip tripOf(int row) {
        List<Trip> t = trips(row, row);
        for (Trip x : t) {
            if (x.firstRow() <= row && x.readyRow() >= row) {
                return x;
            }
        }
        return null;
    }

    /**
     * Decodes the rows {@code [fromRow, toRow]} not in the cache yet, reading their frames with one
     * file read when they lie close together in the session (another connection's frames between
     * them are read and skipped), else one by one. Call from the painting thread.
     */
    public void prefetch(int fromRow, int toRow) {
        Rows r = rows;
        toRow = Math.min(toRow, rowCount - 1);
        int first = fromRow;
        while (first <= toRow && cache.containsKey(first)) {
            first++;
        }
        if (first > toRow) {
            return;
        }
        long from = r.index[first];
        long to = r.index[toRow] + 1;
        int wanted = toRow - first + 1;
        if (to - from > 4L * wanted + 64) {
            return; // interleaved with busy connections: decoded() reads them one by one
        }
        List<Decoded> decoded = analysis.index().decodeRange((int) from, (int) to);
        for (int i = 0; i < decoded.size(); i++) {
            int row = rowOfFrame(from + i);
            if (row >= first && row <= toRow && !cache.containsKey(row)) {
                cache.put(row, decoded.get(i));
            }
        }
    }

    /** The message of a row, decoded again from its frozen state (cached; call from one thread, the EDT). */
    public Decoded decoded(int row) {
        Decoded d = cache.get(row);
        if (d == null) {
            Rows r = rows;
            d = analysis.index().decode((int) r.index[row]);
            cache.put(row, d);
        }
        return d;
    }

    @Override
    public void close() {
        closed = true;
        analysis.removeListener(onAnalysed);
        if (ownsAnalysis) {
            analysis.close();
        }
    }
}
