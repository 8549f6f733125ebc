package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.message.ErrorOrNotice;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A few bytes of facts per session frame (connection, seq, direction, type, SQLSTATE, time, length),
 * kept in primitive arrays so that a million frames cost tens of megabytes, not gigabytes, and for
 * each frame the decoder state it was decoded with (a frozen copy, shared by consecutive frames that
 * decode alike), so that any frame can be decoded again on demand without replaying its connection.
 * Filled by the session's analysis as it decodes each frame once; read by the views from any thread.
 */
public final class FrameIndex {
    /** Frames decoded together when one is asked for: at most this many of one connection. */
    static final int CHECKPOINT = 64;

    static final int FLAG_BACKEND = 1;
    static final int FLAG_ERROR = 2;
    static final int FLAG_NOTICE = 4;
    static final int FLAG_PROBLEM = 8;

    /** Per-connection counts, for a connection list. */
    public record ConnectionStats(int messages, int errors, long bytes) {
    }

    private static final class PerConnection {
        /** Per frame of the connection, the frozen state it decodes with (consecutive equal ones shared). */
        ConnectionState[] decodeWith = new ConnectionState[64];
        int[] rows = new int[64];
        int count;
        int errors;
        long bytes;
    }

    /** The per-frame arrays, replaced as a whole when they grow so that readers see a consistent set. */
    private static final class Columns {
        final int[] conn;
        final byte[] flags;
        final short[] type;
        final short[] sqlState;
        final long[] time;
        final int[] length;
        final int[] posInConn;
        /** Latency of the request this frame is the first reply to, in microseconds, plus one; 0 when none. */
        final int[] replyMicros;

        Columns(int n) {
            conn = new int[n];
            flags = new byte[n];
            type = new short[n];
            sqlState = new short[n];
            time = new long[n];
            length = new int[n];
            posInConn = new int[n];
            replyMicros = new int[n];
        }

        Columns grow(int n, int used) {
            Columns c = new Columns(n);
            System.arraycopy(conn, 0, c.conn, 0, used);
            System.arraycopy(flags, 0, c.flags, 0, used);
            System.arraycopy(type, 0, c.type, 0, used);
            System.arraycopy(sqlState, 0, c.sqlState, 0, used);
            System.arraycopy(time, 0, c.time, 0, used);
            System.arraycopy(length, 0, c.length, 0, used);
            System.arraycopy(posInConn, 0, c.posInConn, 0, used);
            System.arraycopy(replyMicros, 0, c.replyMicros, 0, used);
            return c;
        }
    }

    private final SessionStore store;
    private final MessageTypes types;
    private final Map<Integer, PerConnection> connections = new HashMap<>();
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Short> typeIds = new HashMap<>();
    private final List<String> sqlStates = new ArrayList<>(List.of(""));
    private final Map<String, Short> sqlStateIds = new HashMap<>(Map.of("", (short) 0));
    private volatile Columns columns = new Columns(1024);
    private volatile int count;

    FrameIndex(SessionStore store, MessageTypes types) {
        this.store = store;
        this.types = types;
    }

    /** Adds the next frame of the session (its index must be {@link #count()}): called by the analysis only. */
    void add(RecordedFrame rf, Decoded d, ConnectionState frozen) {
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
        synchronized (pc) {
            if (pc.count == pc.rows.length) {
                pc.rows = Arrays.copyOf(pc.rows, pc.count * 2);
                pc.decodeWith = Arrays.copyOf(pc.decodeWith, pc.count * 2);
            }
            c.posInConn[row] = pc.count;
            ConnectionState previous = pc.count == 0 ? null : pc.decodeWith[pc.count - 1];
            pc.decodeWith[pc.count] = frozen.decodesLike(previous) ? previous : frozen;
            pc.rows[pc.count++] = row;
            if (d.message() instanceof ErrorResponse) {
                pc.errors++;
            }
            pc.bytes += rf.frame().length();
        }
        int flags = rf.frame().direction() == Direction.BACKEND ? FLAG_BACKEND : 0;
        if (d.message() instanceof ErrorResponse) {
            flags |= FLAG_ERROR;
        } else if (d.message() instanceof NoticeResponse) {
            flags |= FLAG_NOTICE;
        }
        if (d.isUndecoded() || !d.problems().isEmpty() || rf.frame().problem() != null) {
            flags |= FLAG_PROBLEM;
        }
        c.conn[row] = rf.connectionId();
        c.flags[row] = (byte) flags;
        c.type[row] = intern(typeNames, typeIds, d.typeName());
        c.sqlState[row] = d.message() instanceof ErrorOrNotice e ? intern(sqlStates, sqlStateIds, e.sqlState()) : 0;
        c.time[row] = rf.frame().timeNanos();
        c.length[row] = rf.frame().length();
        count = row + 1;
    }

    /** The frame just added is the first reply to a request that waited {@code latencyNanos} for it. */
    void firstReply(int row, long latencyNanos) {
        columns.replyMicros[row] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, latencyNanos / 1000) + 1);
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

    /** Frames indexed so far. */
    public int count() {
        return count;
    }

    public int connectionId(int row) {
        return columns.conn[row];
    }

    /** The frame's seq within its connection. */
    public long seq(int row) {
        return columns.posInConn[row];
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

    /** The SQLSTATE of an ErrorResponse or NoticeResponse, else "". */
    public String sqlState(int row) {
        short id = columns.sqlState[row];
        synchronized (sqlStates) {
            return sqlStates.get(id);
        }
    }

    public boolean isError(int row) {
        return (columns.flags[row] & FLAG_ERROR) != 0;
    }

    public boolean isNotice(int row) {
        return (columns.flags[row] & FLAG_NOTICE) != 0;
    }

    /** The frame could not be decoded cleanly (malformed, unknown, or with problems). */
    public boolean hasProblems(int row) {
        return (columns.flags[row] & FLAG_PROBLEM) != 0;
    }

    public long timeNanos(int row) {
        return columns.time[row];
    }

    public int length(int row) {
        return columns.length[row];
    }

    /**
     * For the first reply to a request, the request's latency (the analysis's pairing, so pipelines are
     * right), in microseconds; -1 for any other frame.
     */
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
            return new ConnectionStats(pc.count, pc.errors, pc.bytes);
        }
    }

    /** The session index of a connection's frame {@code seq}, or -1. */
    public int row(int connectionId, long seq) {
        PerConnection pc;
        synchronized (connections) {
            pc = connections.get(connectionId);
        }
        if (pc == null || seq < 0) {
            return -1;
        }
        synchronized (pc) {
            return seq < pc.count ? pc.rows[(int) seq] : -1;
        }
    }

    /** Frames indexed of one connection. */
    public int countOf(int connectionId) {
        PerConnection pc;
        synchronized (connections) {
            pc = connections.get(connectionId);
        }
        if (pc == null) {
            return 0;
        }
        synchronized (pc) {
            return pc.count;
        }
    }

    /**
     * Decodes one frame again, from the state frozen for it when it was indexed: nothing is replayed.
     * Callers cache the result.
     */
    public Decoded decode(int row) {
        return decodeRange(row, row + 1).get(0);
    }

    /** Decodes frames {@code from} to {@code to} (exclusive) again, each with the state frozen for it. */
    public List<Decoded> decodeRange(int from, int to) {
        Columns c = columns;
        List<RecordedFrame> frames = store.frames(from, to);
        Decoder decoder = new Decoder(false, types);
        List<Decoded> out = new ArrayList<>(to - from);
        for (int row = from; row < to; row++) {
            out.add(decoder.decode(frames.get(row - from).frame(), stateOf(c.conn[row], c.posInConn[row])));
        }
        return out;
    }

    private ConnectionState stateOf(int conn, int pos) {
        PerConnection pc;
        synchronized (connections) {
            pc = connections.get(conn);
        }
        synchronized (pc) {
            return pc.decodeWith[pos];
        }
    }

    /**
     * Decodes the frames of {@code row}'s connection from the start of its block of
     * {@value #CHECKPOINT} up to {@code row}, keyed by row: each with the state frozen for it.
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
        List<RecordedFrame> frames = new ArrayList<>(rows.length);
        for (int r : rows) {
            frames.add(store.frame(r));
        }
        for (int i = 0; i < rows.length; i++) {
            out.put(rows[i], decoder.decode(frames.get(i).frame(), states[i]));
        }
        return out;
    }
}
