package dev.pgwb.app.ui.timeline;

import dev.pgwb.protocol.analysis.FrameIndex;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.filter.RowFacts;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timeline's view of a session: the rows are the frames of the session's one
 * {@link SessionAnalysis} (its {@link FrameIndex}: a few bytes of facts per frame, decoded once by the
 * analysis), filtered. The table decodes again only the rows it shows ({@link #decode}), from the
 * state the analysis froze for each frame.
 *
 * <p>The current {@link Filter} is applied to rows as the analysis adds them, on the analysis's
 * thread, and to every row again (on a worker of its own) when the filter changes; the visible rows
 * are published to the listener, which moves them to the EDT.
 */
public final class TimelineIndex implements AutoCloseable {

    /** Told off the EDT that rows were indexed or the filter's result changed. */
    public interface Listener {
        void indexed(long indexedCount, long storeCount);

        void filtered(int generation, int[] rows, int count, boolean replaced);
    }

    private final SessionStore store;
    private final SessionAnalysis analysis;
    private final boolean ownsAnalysis;
    private final Listener listener;
    private final SessionAnalysis.Listener onAnalysed = this::analysed;
    private final AtomicInteger filterGeneration = new AtomicInteger();
    private final java.util.concurrent.ExecutorService refilterWorker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pgwb-timeline-filter");
        t.setDaemon(true);
        return t;
    });
    private final Object filtering = new Object();
    private volatile Filter filter = Filter.ALL;
    private int filteredUpTo; // guarded by filtering: rows the current filter has seen
    private volatile boolean closed;
    /** Nothing is published before {@link #start}: the listener may not know this index yet. */
    private volatile boolean started;

    /** A timeline over the session's analysis (shared with the window's other views). */
    public TimelineIndex(SessionAnalysis analysis, SessionStore store, Listener listener) {
        this(analysis, store, listener, false);
    }

    /** A timeline with an analysis of its own, following {@code store}. */
    public TimelineIndex(SessionStore store, Listener listener) {
        this(store, listener, MessageTypes.standard());
    }

    /** A timeline with an analysis of its own whose rows are decoded, and so named, by the message types of {@code types}. */
    public TimelineIndex(SessionStore store, Listener listener, MessageTypes types) {
        this(SessionAnalysis.prepare(store, SessionAnalysis.Options.window().withTypes(types), null), store, listener, true);
    }

    private TimelineIndex(SessionAnalysis analysis, SessionStore store, Listener listener, boolean owns) {
        this.store = store;
        this.listener = listener;
        this.ownsAnalysis = owns;
        this.analysis = analysis;
        this.analysis.addListener(onAnalysed);
    }

    /** Starts publishing rows (those the analysis has already indexed at once). */
    public void start() {
        started = true;
        refilterWorker.execute(() -> analysed(analysis.analysedFrames()));
        if (ownsAnalysis) {
            refilterWorker.execute(analysis::start); // after a filter set before start: its rows come as they are analysed
        }
    }

    public SessionStore store() {
        return store;
    }

    /** The analysis the rows come from. */
    public SessionAnalysis analysis() {
        return analysis;
    }

    private FrameIndex frames() {
        return analysis.index();
    }

    public long count() {
        return frames().count();
    }

    // ------------------------------------------------------------------ analysis thread

    /** The analysis added rows: the current filter sees them, in order, once. */
    private void analysed(long frames) {
        if (closed || !started) {
            return;
        }
        int n = frames().count();
        synchronized (filtering) {
            Filter f = filter;
            int gen = filterGeneration.get();
            int from = filteredUpTo;
            filteredUpTo = Math.max(filteredUpTo, n);
            if (f != Filter.ALL && n > from) {
                int[] matches = match(f, from, n);
                if (matches.length > 0) {
                    listener.filtered(gen, matches, matches.length, false);
                }
            }
        }
        listener.indexed(n, store.frameCount());
    }

    /** The rows from {@code from} to {@code to} (exclusive) that {@code f} keeps. */
    private int[] match(Filter f, int from, int to) {
        int[] out = new int[Math.max(16, (to - from) / 8)];
        int matched = 0;
        final int chunk = 4096;
        for (int start = from; start < to; start += chunk) {
            int end = Math.min(to, start + chunk);
            List<Decoded> decoded = f.needsDecoding() ? frames().decodeRange(start, end) : null;
            for (int row = start; row < end; row++) {
                if (f.test(facts(row, decoded == null ? null : decoded.get(row - start)))) {
                    if (matched == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[matched++] = row;
                }
            }
        }
        return Arrays.copyOf(out, matched);
    }

    /** Applies a new filter to every indexed row (in the background), then to rows as they come. */
    public void setFilter(Filter f) {
        int gen = filterGeneration.incrementAndGet();
        refilterWorker.execute(() -> refilter(f, gen));
    }

    public int filterGeneration() {
        return filterGeneration.get();
    }

    /** The filter in force: the last one set once its pass over the indexed rows has begun. */
    public Filter appliedFilter() {
        return filter;
    }

    private void refilter(Filter f, int gen) {
        if (closed || gen != filterGeneration.get()) {
            return; // a newer filter replaced this one
        }
        synchronized (filtering) { // rows added meanwhile wait, then go through the new filter
            filter = f;
            int n = frames().count();
            filteredUpTo = n;
            if (f == Filter.ALL) {
                listener.filtered(gen, null, n, true);
                return;
            }
            int[] out = match(f, 0, n);
            if (gen == filterGeneration.get()) {
                listener.filtered(gen, out, out.length, true);
            }
        }
    }

    // ------------------------------------------------------------------ readers (any thread)

    /** The facts of an indexed row; {@code decoded} may be given when at hand, else it is decoded on demand. */
    public RowFacts facts(int row, Decoded decoded) {
        FrameIndex c = frames();
        return new RowFacts() {
            private Decoded d = decoded;

            @Override
            public long index() {
                return row;
            }

            @Override
            public int connectionId() {
                return c.connectionId(row);
            }

            @Override
            public Direction direction() {
                return c.direction(row);
            }

            @Override
            public String typeName() {
                return c.typeName(row);
            }

            @Override
            public String sqlState() {
                return c.sqlState(row);
            }

            @Override
            public boolean isError() {
                return c.isError(row);
            }

            @Override
            public boolean isNotice() {
                return c.isNotice(row);
            }

            @Override
            public boolean hasProblems() {
                return c.hasProblems(row);
            }

            @Override
            public Decoded decoded() {
                if (d == null) {
                    d = decode(row);
                }
                return d;
            }
        };
    }

    public int connectionId(int row) {
        return frames().connectionId(row);
    }

    public Direction direction(int row) {
        return frames().direction(row);
    }

    public String typeName(int row) {
        return frames().typeName(row);
    }

    public String sqlState(int row) {
        return frames().sqlState(row);
    }

    public boolean isError(int row) {
        return frames().isError(row);
    }

    public boolean hasProblems(int row) {
        return frames().hasProblems(row);
    }

    public long timeNanos(int row) {
        return frames().timeNanos(row);
    }

    public int length(int row) {
        return frames().length(row);
    }

    /** The request's latency on its first reply (the analysis's pairing), in microseconds; -1 on other rows. */
    public long replyMicros(int row) {
        return frames().replyMicros(row);
    }

    public FrameIndex.ConnectionStats stats(int connectionId) {
        return frames().stats(connectionId);
    }

    /** Decodes one indexed row again, with the state the analysis froze for it. Callers cache the result. */
    public Decoded decode(int row) {
        return frames().decode(row);
    }

    /** Decodes the rows of {@code row}'s connection in its block of up to 64, keyed by row. */
    public Map<Integer, Decoded> decodeBlock(int row) {
        return frames().decodeBlock(row);
    }

    @Override
    public void close() {
        closed = true;
        analysis.removeListener(onAnalysed);
        refilterWorker.shutdownNow();
        if (ownsAnalysis) {
            analysis.close();
        }
    }
}
