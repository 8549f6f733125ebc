package dev.pgwb.app.ui.timeline;

import dev.pgwb.app.ui.StoreFollower;
import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.filter.RowFacts;
import dev.pgwb.protocol.message.ErrorOrNotice;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The timeline's compact index of a session: a few bytes of facts per frame (connection,
 * direction, type, time, length, SQLSTATE, reply latency), kept in primitive arrays so that a
 * million rows cost tens of megabytes, not gigabytes. One worker thread decodes every frame once,
 * in order, as it arrives; the table decodes again only the rows it shows ({@link #decode}),
 * starting from a copy of the connection's decoder state taken every {@value #CHECKPOINT} frames.
 *
 * <p>The worker also applies the current {@link Filter}; the visible rows are published to the
 * listener (on the worker thread, the listener moves them to the EDT).
 */
public final class TimelineIndex implements AutoCloseable {
    static final int CHECKPOINT = 64;

    /** Told on the worker thread that rows were indexed or the filter's result changed. */
    public interface Listener {
        void indexed(long indexedCount, long storeCount);

        void filtered(int generation, int[] rows, int count, boolean replaced);
    }

    /** Live per-connection counts for the connection list. */
    public record ConnectionStats(int messages, int errors, long bytes) {
    }

    private static final class PerConnection {
        final ConnectionState state = new ConnectionState();
        /** Per frame of the connection, the frozen state it decodes with (consecutive equal ones shared). */
        ConnectionState[] decodeWith = new ConnectionState[64];
        int[] rows = new int[64];
        int count;
        long lastFrontendNanos = -1;
        boolean awaitingReply;
        int messages;
        int errors;
        long bytes;
    }

    /** The per-row arrays, replaced as a whole when they grow so that readers see a consistent set. */
    private static final class Columns {
        final int[] conn;
        final byte[] flags;
        final short[] type;
        final short[] sqlState;
        final long[] time;
        final int[] length;
        final int[] replyMicros;
        final int[] posInConn;

        Columns(int n) {
            conn = new int[n];
            flags = new byte[n];
            type = new short[n];
            sqlState = new short[n];
            time = new long[n];
            length = new int[n];
            replyMicros = new int[n];
            posInConn = new int[n];
        }

        Columns grow(int n, int used) {
            Columns c = new Columns(n);
            System.arraycopy(conn, 0, c.conn, 0, used);
            System.arraycopy(flags, 0, c.flags, 0, used);
            System.arraycopy(type, 0, c.type, 0, used);
            System.arraycopy(sqlState, 0, c.sqlState, 0, used);
            System.arraycopy(time, 0, c.time, 0, used);
            System.arraycopy(length, 0, c.length, 0, used);
            System.arraycopy(replyMicros, 0, c.replyMicros, 0, used);
            System.arraycopy(posInConn, 0, c.posInConn, 0, used);
            return c;
        }
    }

    static final int FLAG_BACKEND = 1;
    static final int FLAG_ERROR = 2;
    static final int FLAG_NOTICE = 4;
    static final int FLAG_PROBLEM = 8;

    private final SessionStore store;
    private final Listener listener;
    private final MessageTypes types;
    private final StoreFollower follower;
    private final Map<Integer, PerConnection> connections = new HashMap<>();
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Short> typeIds = new HashMap<>();
    private final List<String> sqlStates = new ArrayList<>(List.of(""));
    private final Map<String, Short> sqlStateIds = new HashMap<>(Map.of("", (short) 0));
    private final AtomicInteger filterGeneration = new AtomicInteger();
    private volatile Columns columns = new Columns(1024);
    private volatile int count;
    private volatile Filter filter = Filter.ALL;

    public TimelineIndex(SessionStore store, Listener listener) {
        this(store, listener, MessageTypes.standard());
    }

    /** An index whose rows are decoded, and so named, by the message types of {@code types}. */
    public TimelineIndex(SessionStore store, Listener listener, MessageTypes types) {
        this.store = store;
        this.listener = listener;
        this.types = types;
        this.follower = new StoreFollower(store, "pgwb-timeline-index", this::ingest);
    }

    /** Starts following the store from its first frame. */
    public void start() {
        follower.start();
    }

    public SessionStore store() {
        return store;
    }

    public long count() {
        return count;
    }

    // ------------------------------------------------------------------ worker thread

    private void ingest(List<RecordedFrame> batch) {
        if (follower.closed()) {
            return;
        }
        Filter f = filter;
        int gen = filterGeneration.get();
        int[] matches = new int[batch.size()];
        int matched = 0;
        for (RecordedFrame rf : batch) {
            int row = add(rf);
            if (f == Filter.ALL || f.test(facts(row, lastDecoded))) {
                matches[matched++] = row;
            }
        }
        listener.indexed(count, store.frameCount());
        if (f != Filter.ALL && matched > 0) {
            listener.filtered(gen, matches, matched, false);
        }
    }

    private Decoded lastDecoded;

    private int add(RecordedFrame rf) {
        int row = count;
        Columns c = columns;
        if (row == c.conn.length) {
            c = c.grow(c.conn.length * 2, row);
            columns = c;
        }
        PerConnection pc;
        synchronized (connections) {
            pc = connections.computeIfAbsent(rf.connectionId(), k -> new PerConnection());
        }
        Decoded d;
        synchronized (pc) {
            if (pc.count == pc.rows.length) {
                pc.rows = Arrays.copyOf(pc.rows, pc.count * 2);
                pc.decodeWith = Arrays.copyOf(pc.decodeWith, pc.count * 2);
            }
            c.posInConn[row] = pc.count;
            d = new Decoder(false, types).decode(rf.frame(), pc.state);
            ConnectionState frozen = pc.state.frozenCopy();
            ConnectionState previous = pc.count == 0 ? null : pc.decodeWith[pc.count - 1];
            pc.decodeWith[pc.count] = frozen.decodesLike(previous) ? previous : frozen;
            pc.rows[pc.count++] = row;
            pc.state.advance(d);
        }
        lastDecoded = d;
        long t = rf.frame().timeNanos();
        int flags = 0;
        if (rf.frame().direction() == Direction.BACKEND) {
            flags |= FLAG_BACKEND;
            if (pc.awaitingReply && pc.lastFrontendNanos >= 0) {
                c.replyMicros[row] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (t - pc.lastFrontendNanos) / 1000) + 1);
                pc.awaitingReply = false;
            }
        } else {
            pc.lastFrontendNanos = t;
            pc.awaitingReply = true;
        }
        if (d.message() instanceof ErrorResponse) {
            flags |= FLAG_ERROR;
            pc.errors++;
        } else if (d.message() instanceof NoticeResponse) {
            flags |= FLAG_NOTICE;
        }
        if (d.isUndecoded() || !d.problems().isEmpty() || rf.frame().problem() != null) {
            flags |= FLAG_PROBLEM;
        }
        pc.messages++;
        pc.bytes += rf.frame().length();
        c.conn[row] = rf.connectionId();
        c.flags[row] = (byte) flags;
        c.type[row] = intern(typeNames, typeIds, d.typeName());
        c.sqlState[row] = d.message() instanceof ErrorOrNotice e ? intern(sqlStates, sqlStateIds, e.sqlState()) : 0;
        c.time[row] = t;
        c.length[row] = rf.frame().length();
        count = row + 1;
        return row;
    }

    private static short intern(List<String> names, Map<String, Short> ids, String name) {
        synchronized (names) {
            Short id = ids.get(name);
            if (id == null) {
                id = (short) names.size();
                names.add(name);
                ids.put(name, id);
            }
            return id;
        }
    }

    /** Applies a new filter to every indexed row (in the background), then to rows as they come. */
    public void setFilter(Filter f) {
        filter = f;
        int gen = filterGeneration.incrementAndGet();
        follower.run(() -> refilter(f, gen));
    }

    public int filterGeneration() {
        return filterGeneration.get();
    }

    private void refilter(Filter f, int gen) {
        int n = count;
        if (f == Filter.ALL) {
            listener.filtered(gen, null, n, true);
            return;
        }
        int[] out = new int[Math.max(16, n / 8)];
        int matched = 0;
        SessionDecoder decoder = f.needsDecoding() ? new SessionDecoder(false, true, types) : null;
        final int chunk = 4096;
        for (int from = 0; from < n; from += chunk) {
            if (gen != filterGeneration.get() || follower.closed()) {
                return; // a newer filter replaced this one
            }
            int to = Math.min(n, from + chunk);
            List<RecordedFrame> frames = decoder != null ? store.frames(from, to) : null;
            for (int row = from; row < to; row++) {
                Decoded d = decoder != null ? decoder.decode(frames.get(row - from)) : null;
                if (f.test(facts(row, d))) {
                    if (matched == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[matched++] = row;
                }
            }
        }
        listener.filtered(gen, out, matched, true);
    }

    // ------------------------------------------------------------------ readers (any thread)

    /** The facts of an indexed row; {@code decoded} may be given when at hand, else it is decoded on demand. */
    public RowFacts facts(int row, Decoded decoded) {
        Columns c = columns;
        return new RowFacts() {
            private Decoded d = decoded;

            @Override
            public long index() {
                return row;
            }

            @Override
            public int connectionId() {
                return c.conn[row];
            }

            @Override
            public Direction direction() {
                return (c.flags[row] & FLAG_BACKEND) != 0 ? Direction.BACKEND : Direction.FRONTEND;
            }

            @Override
            public String typeName() {
                return TimelineIndex.this.typeName(row);
            }

            @Override
            public String sqlState() {
                return TimelineIndex.this.sqlState(row);
            }

            @Override
            public boolean isError() {
                return (c.flags[row] & FLAG_ERROR) != 0;
            }

            @Override
            public boolean isNotice() {
                return (c.flags[row] & FLAG_NOTICE) != 0;
            }

            @Override
            public boolean hasProblems() {
                return (c.flags[row] & FLAG_PROBLEM) != 0;
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
        return columns.conn[row];
    }

    public Direction direction(int row) {
        return (columns.flags[row] & FLAG_BACKEND) != 0 ? Direction.BACKEND : Direction.FRONTEND;
    }

    public String typeName(int row) {
        short id = columns.type[row];
        synchronized (typeNames) {
            return typeNames.get(id);
        }
    }

    public String sqlState(int row) {
        short id = columns.sqlState[row];
        synchronized (sqlStates) {
            return sqlStates.get(id);
        }
    }

    public boolean isError(int row) {
        return (columns.flags[row] & FLAG_ERROR) != 0;
    }

    public boolean hasProblems(int row) {
        return (columns.flags[row] & FLAG_PROBLEM) != 0;
    }

    public long timeNanos(int row) {
        return columns.time[row];
    }

    public int length(int row) {
        return columns.length[row];
    }

    /** Time from the connection's last frontend message to this first reply, in microseconds; -1 when not a first reply. */
    public long replyMicros(int row) {
        return columns.replyMicros[row] - 1L;
    }

    public ConnectionStats stats(int connectionId) {
        PerConnection pc;
        synchronized (connections) {
            pc = connections.get(connectionId);
        }
        if (pc == null) {
            return new ConnectionStats(0, 0, 0);
        }
        synchronized (pc) {
            return new ConnectionStats(pc.messages, pc.errors, pc.bytes);
        }
    }

    /**
     * Decodes one indexed row again, from the nearest state checkpoint of its connection: at most
     * {@value #CHECKPOINT} frames of that connection are decoded. Callers cache the result.
     */
    public Decoded decode(int row) {
        return decodeBlock(row).get(row);
    }

    /**
     * Decodes the rows of {@code row}'s connection from the start of its block of
     * {@value #CHECKPOINT} up to {@code row}, keyed by row: each with the state frozen for it when
     * it was indexed, so nothing is replayed.
     */
    public Map<Integer, Decoded> decodeBlock(int row) {
        Columns c = columns;
        int conn = c.conn[row];
        int pos = c.posInConn[row];
        PerConnection pc;
        synchronized (connections) {
            pc = connections.get(conn);
        }
        int[] rows;
        ConnectionState[] states;
        int first = pos / CHECKPOINT * CHECKPOINT;
        synchronized (pc) {
            rows = Arrays.copyOfRange(pc.rows, first, pos + 1);
            states = Arrays.copyOfRange(pc.decodeWith, first, pos + 1);
        }
        Decoder decoder = new Decoder(false, types);
        Map<Integer, Decoded> out = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            out.put(rows[i], decoder.decode(store.frame(rows[i]).frame(), states[i]));
        }
        return out;
    }

    /** The session's rows of one connection, for "select its first frame" and tests. */
    public int firstRowOf(int connectionId) {
        PerConnection pc;
        synchronized (connections) {
            pc = connections.get(connectionId);
        }
        if (pc == null) {
            return -1;
        }
        synchronized (pc) {
            return pc.count == 0 ? -1 : pc.rows[0];
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
