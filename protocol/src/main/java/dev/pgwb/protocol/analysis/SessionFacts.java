package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.SeqColumn;
import dev.pgwb.protocol.session.ConnectionInfo;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the diagnosis rules may read of a whole session: every connection's replayed
 * {@link Conversation}, where each connection went, when each frame arrived (to order frames across
 * connections), which connection is which server process, and the pooler legs. Built once by
 * {@link SessionAnalysis}, read-only for the rules.
 */
public final class SessionFacts {
    private final Map<Integer, Conversation> conversations = new LinkedHashMap<>();
    private final Map<Integer, ConnectionInfo> infos = new HashMap<>();
    private final Map<Integer, SeqColumn> timeOf = new HashMap<>();
    private final Map<Integer, SeqColumn> indexOf = new HashMap<>();
    private PoolerLegs pooler = PoolerLegs.NONE;
    private final java.util.List<String> internalErrors = new java.util.ArrayList<>();

    SessionFacts() {
    }

    void add(Conversation c) {
        conversations.putIfAbsent(c.connectionId(), c);
    }

    void info(ConnectionInfo info) {
        infos.put(info.id(), info);
    }

    void frame(int connection, long seq, long index, long timeNanos) {
        indexOf.computeIfAbsent(connection, k -> new SeqColumn()).set(seq, index);
        timeOf.computeIfAbsent(connection, k -> new SeqColumn()).set(seq, timeNanos);
    }

    /** A connection's history before frame {@code seq} was forgotten: its times and indexes go too. */
    void forgetBefore(int connection, long seq) {
        SeqColumn t = timeOf.get(connection);
        if (t != null) {
            t.forgetBefore(seq);
        }
        SeqColumn i = indexOf.get(connection);
        if (i != null) {
            i.forgetBefore(seq);
        }
    }

    void pooler(PoolerLegs legs) {
        pooler = legs;
    }

    public Collection<Conversation> conversations() {
        return conversations.values();
    }

    public Optional<Conversation> conversation(int connection) {
        return Optional.ofNullable(conversations.get(connection));
    }

    /** Where a connection came from and went, when the session recorded it (a lone conversation has none). */
    public Optional<ConnectionInfo> info(int connection) {
        return Optional.ofNullable(infos.get(connection));
    }

    /**
     * When a connection's frame arrived; {@link Long#MAX_VALUE} when unknown. Across connections this
     * orders at least as well as the session index: a recording made while the relay still recorded
     * after forwarding can hold a reply on one connection before the request on another that caused
     * it (a CancelRequest and the 57014 it provokes).
     */
    public long time(int connection, long seq) {
        SeqColumn m = timeOf.get(connection);
        long t = m == null ? -1 : m.get(seq);
        if (t < 0) {
            Conversation c = conversations.get(connection);
            return c != null && timeOf.isEmpty() ? seq : Long.MAX_VALUE; // a lone conversation: its own order
        }
        return t;
    }

    /** The session index of a connection's frame, or -1. */
    public long index(int connection, long seq) {
        SeqColumn m = indexOf.get(connection);
        return m == null ? -1 : m.get(seq);
    }

    /**
     * The server a connection talked to ({@code host:port}), "" when unknown. Connections to
     * different servers share no statements, locks or process ids.
     */
    public String server(int connection) {
        ConnectionInfo i = infos.get(connection);
        return i == null ? "" : i.upstream();
    }

    /** True when both connections went to the same server, or when that is not known. */
    public boolean sameServer(int a, int b) {
        String x = server(a);
        String y = server(b);
        return x.isEmpty() || y.isEmpty() || x.equals(y);
    }

    /**
     * The connection served by server process {@code pid} (its BackendKeyData) on the same server as
     * {@code near}, the one alive closest before {@code timeNanos} when a process id was reused.
     */
    public Optional<Conversation> process(int pid, int near, long timeNanos) {
        Conversation best = null;
        long bestTime = Long.MIN_VALUE;
        for (Conversation c : conversations.values()) {
            if (pid == 0 || c.backendPid() != pid || !sameServer(c.connectionId(), near) || pooler.isClientLeg(c.connectionId())) {
                continue;
            }
            long opened = time(c.connectionId(), Math.max(0, c.startupSeq()));
            if (opened <= timeNanos && opened >= bestTime) {
                best = c;
                bestTime = opened;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Connections to {@code server} open at {@code timeNanos} (their first frame before it, their last frame or close after it). */
    public int openAt(String server, long timeNanos, int except) {
        int n = 0;
        for (Conversation c : conversations.values()) {
            int id = c.connectionId();
            if (id == except || !(server.isEmpty() || server(id).isEmpty() || server(id).equals(server))) {
                continue;
            }
            long first = time(id, 0);
            ConnectionInfo i = infos.get(id);
            long last = i != null && i.closedNanos() > 0 ? i.closedNanos() : c.lastNanos();
            if (first <= timeNanos && last >= timeNanos && !c.readyMarks().isEmpty()) { // logged in: it holds a slot
                n++;
            }
        }
        return n;
    }

    private final Map<Object, Object> memo = new HashMap<>();

    /**
     * What a rule computed once for the whole session (an index of settings, of backend calls), kept so
     * that the next error does not compute it again. {@code key} says what it is (a record of the rule's).
     */
    @SuppressWarnings("unchecked")
    <T> T memo(Object key, java.util.function.Supplier<T> compute) {
        Object v = memo.get(key);
        if (v == null) {
            v = compute.get();
            memo.put(key, v);
        }
        return (T) v;
    }

    /** A rule failed (a bug): kept, at most 16, so that tests find it; the analysis goes on. */
    void internalError(String what) {
        if (internalErrors.size() < 16) {
            internalErrors.add(what);
        }
    }

    java.util.List<String> internalErrors() {
        return java.util.List.copyOf(internalErrors);
    }

    /** The pooler legs found in the session ({@link PoolerLegs#NONE} when there is no pooler). */
    public PoolerLegs pooler() {
        return pooler;
    }
}
