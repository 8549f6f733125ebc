package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.RoundTrip;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.session.StoreFollower;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session analysed as it grows: each frame decoded once, in order, by its connection's decoder,
 * whose {@link Conversation} keeps the facts (pairing, statements and portals, errors with their
 * moment); the facts that cross connections gathered in {@link SessionFacts} (servers, process ids,
 * pooler legs); the diagnoses of {@link DiagnosisRules} worked out per connection when asked, again
 * only for connections that changed since. With a {@link FrameIndex}, any frame can be shown again
 * without replaying its connection. The window's timeline, sequence diagram and analysis tab and the
 * command line all read this one analysis.
 *
 * <pre>
 * SessionAnalysis a = SessionAnalysis.of(store);   // a file: follow to the end, then finish
 * SessionAnalysis live = SessionAnalysis.follow(store, Options.window(), frames -> ...); // a live relay
 * for (Diagnosis d : a.diagnoses()) ...             // every diagnosis, in session order
 * a.frame(conn, seq).replyTo()                      // pairing, per frame
 * </pre>
 *
 * <p>Thread-safe: one thread feeds it (the follower's worker), readers take the analysis's lock for
 * each call; a reader that needs several consistent answers (a rendered view) uses {@link #read}.
 * Objects it returns that belong to a live connection ({@link #conversation}) must be read inside
 * {@link #read} while the session grows.
 */
public final class SessionAnalysis implements AutoCloseable {

    /**
     * How the analysis keeps what it learns.
     *
     * @param frameIndex  keep a {@link FrameIndex} (the window's views read it; the command line streams without)
     * @param historyLimit per connection, the requests (and their pairing) kept in full; older ones are
     *                    forgotten, and said so ({@link #forgotten}); 0 keeps everything
     * @param types       the message types frames are decoded (and named) by
     */
    public record Options(boolean frameIndex, int historyLimit, MessageTypes types) {
        public Options(boolean frameIndex, int historyLimit) {
            this(frameIndex, historyLimit, MessageTypes.standard());
        }

        /** A file read once: everything kept, no index. */
        public static Options file() {
            return new Options(false, 0);
        }

        /** The window: an index for the views, and bounded history for sessions that run for days. */
        public static Options window() {
            return new Options(true, 200_000);
        }

        /** These options, decoding by the message types of {@code t}. */
        public Options withTypes(MessageTypes t) {
            return new Options(frameIndex, historyLimit, t);
        }
    }

    /** Told, on the analysing thread, that the analysis now covers {@code frames} frames of the session. */
    public interface Listener {
        void analysed(long frames);
    }

    private final Object lock = new Object();
    private final SessionStore store;
    private final Options options;
    private final SessionFacts facts = new SessionFacts();
    private final SessionDecoder decoder;
    private final Map<Integer, Conversation> conversations = new LinkedHashMap<>();
    private final Map<Integer, List<Diagnosis>> diagnosesOf = new HashMap<>();
    private final Map<Integer, Map<Long, List<Diagnosis>>> diagnosesByFrame = new HashMap<>();
    private final java.util.Set<Integer> dirty = new java.util.HashSet<>();
    private final java.util.Set<Integer> finishedConnections = new java.util.HashSet<>();
    private final Map<Integer, Long> closingAt = new HashMap<>();
    private final Map<Integer, Long> forgottenFacts = new HashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FrameIndex index;
    private PoolerLegs.Builder pooler;
    private long poolerBuiltAt = -1;
    private long analysed;
    private boolean finished;
    private StoreFollower follower;

    private SessionAnalysis(SessionStore store, Options options) {
        this.store = store;
        this.options = options;
        this.decoder = new SessionDecoder(false, true, options.types());
        this.index = options.frameIndex() && store != null ? new FrameIndex(store, options.types()) : null;
        this.pooler = new PoolerLegs.Builder(store == null ? List.of() : store.connections());
    }

    /** Replays every frame of {@code store} (as it is now), finishes every connection, and analyses it. */
    public static SessionAnalysis of(SessionStore store) {
        return of(store, Options.file());
    }

    /** {@link #of(SessionStore)} keeping what {@code options} say. */
    public static SessionAnalysis of(SessionStore store, Options options) {
        SessionAnalysis a = new SessionAnalysis(store, options);
        long n = store.frameCount();
        for (long from = 0; from < n; from += 4096) {
            a.ingest(store.frames(from, Math.min(n, from + 4096)));
        }
        a.finish();
        return a;
    }

    /**
     * Follows {@code store} from its first frame on a thread of its own, as it grows (a live relay) or
     * to the end of a file; {@code listener} hears about each batch analysed. Close it when done.
     */
    public static SessionAnalysis follow(SessionStore store, Options options, Listener listener) {
        return prepare(store, options, listener).start();
    }

    /** An analysis that will follow {@code store} once {@link #start}ed (its listeners added first). */
    public static SessionAnalysis prepare(SessionStore store, Options options, Listener listener) {
        SessionAnalysis a = new SessionAnalysis(store, options);
        if (listener != null) {
            a.listeners.add(listener);
        }
        a.follower = new StoreFollower(store, "pgwb-analysis", a::ingestAndTell);
        return a;
    }

    /** Starts following the store (from its first frame). */
    public SessionAnalysis start() {
        follower.start();
        return this;
    }

    /**
     * Analyses conversations replayed elsewhere (a trace file, a test) as one session: without a
     * store there are no connection addresses, and each connection's frames are ordered by their seq.
     */
    public static SessionAnalysis of(List<Conversation> replayed) {
        SessionAnalysis a = new SessionAnalysis(null, Options.file());
        synchronized (a.lock) {
            replayed.forEach(c -> {
                a.conversations.put(c.connectionId(), c);
                a.facts.add(c);
                a.dirty.add(c.connectionId());
            });
            a.finished = true;
            a.conversations.values().forEach(Conversation::finish);
        }
        return a;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    private void ingestAndTell(List<RecordedFrame> batch) {
        long now = ingest(batch);
        for (Listener l : listeners) {
            l.analysed(now);
        }
    }

    /** Analyses the next frames of the session, in order; returns how many frames are analysed now. */
    private long ingest(List<RecordedFrame> batch) {
        synchronized (lock) {
            for (RecordedFrame f : batch) {
                if (f.index() < analysed) {
                    continue; // already seen (a follower that caught up from the file)
                }
                int conn = f.connectionId();
                boolean fresh = !conversations.containsKey(conn);
                if (fresh && store != null) {
                    facts.info(store.connection(conn));
                    pooler.connection(store.connection(conn));
                }
                ConnectionState[] frozen = new ConnectionState[1];
                Decoded d = decoder.decode(f, index == null ? null : s -> frozen[0] = s);
                ConnectionState state = decoder.state(conn).orElseThrow();
                if (index != null) {
                    index.add(f, d, frozen[0]);
                }
                if (fresh) {
                    Conversation c = state.conversation();
                    c.historyLimit(options.historyLimit());
                    conversations.put(conn, c);
                    facts.add(c);
                }
                if (index != null && f.frame().direction() == dev.pgwb.protocol.wire.Direction.BACKEND) {
                    Conversation c = conversations.get(conn);
                    long asked = c.replyTo(f.frame().seq()).orElse(-1);
                    c.request(asked).filter(r -> !r.replies().isEmpty() && r.replies().get(0) == f.frame().seq())
                            .ifPresent(r -> index.firstReply((int) f.index(), r.latencyNanos()));
                }
                facts.frame(conn, f.frame().seq(), f.index(), f.frame().timeNanos());
                long forgotten = conversations.get(conn).forgottenBefore();
                if (forgotten > forgottenFacts.getOrDefault(conn, -1L)) {
                    forgottenFacts.put(conn, forgotten);
                    facts.forgetBefore(conn, forgotten); // what the conversation forgot, the facts need not keep
                }
                pooler.frame(conn, f.frame());
                dirty.add(conn);
                analysed = f.index() + 1;
            }
            if (store != null) {
                finishClosed();
            }
            return analysed;
        }
    }

    /**
     * Finishes the connections that closed, once every frame they recorded is analysed: a closed
     * connection's frames are all in the store before its close is (the recorder writes them first),
     * so its last frame is below the store's frame count when the close is first seen.
     */
    private void finishClosed() {
        for (ConnectionInfo i : store.connections()) {
            if (i.isOpen() || finishedConnections.contains(i.id())) {
                continue;
            }
            long last = closingAt.computeIfAbsent(i.id(), k -> store.frameCount());
            if (analysed >= last) {
                finishedConnections.add(i.id());
                closingAt.remove(i.id());
                Conversation c = conversations.computeIfAbsent(i.id(), id -> {
                    facts.info(i);
                    Conversation empty = new Conversation(id); // a connection without a single byte (a TCP check)
                    facts.add(empty);
                    return empty;
                });
                c.finish();
                dirty.add(i.id());
            }
        }
    }

    /** The end of a file (or of a recording): every connection still open is finished as it is. */
    private void finish() {
        synchronized (lock) {
            finished = true;
            if (store != null) {
                for (ConnectionInfo i : store.connections()) {
                    conversations.computeIfAbsent(i.id(), id -> {
                        facts.info(i);
                        Conversation empty = new Conversation(id);
                        facts.add(empty);
                        return empty;
                    });
                }
            }
            conversations.values().forEach(Conversation::finish);
            dirty.addAll(conversations.keySet());
        }
    }

    /** Runs {@code reader} with the analysis held still (no frame is added meanwhile). */
    public <T> T read(java.util.function.Function<SessionAnalysis, T> reader) {
        synchronized (lock) {
            return reader.apply(this);
        }
    }

    /** How many frames of the session the analysis covers. */
    public long analysedFrames() {
        synchronized (lock) {
            return analysed;
        }
    }

    /** The per-frame index the views read, or null when the options keep none. */
    public FrameIndex index() {
        return index;
    }

    /** Works out the diagnoses of the connections that changed since they were last asked for. */
    private void refresh() {
        if (dirty.isEmpty()) {
            return;
        }
        long samples = pooler.samples();
        if (poolerBuiltAt < 0 || samples > poolerBuiltAt + Math.max(1000, poolerBuiltAt / 10) || finished && samples != poolerBuiltAt) {
            facts.pooler(pooler.build());
            poolerBuiltAt = samples;
            dirty.addAll(conversations.keySet()); // who is a client leg may have changed
        }
        for (int id : List.copyOf(dirty)) {
            Conversation c = conversations.get(id);
            if (c == null) {
                continue;
            }
            List<Diagnosis> ds = DiagnosisRules.diagnose(facts, c);
            diagnosesOf.put(id, ds);
            Map<Long, List<Diagnosis>> byFrame = new HashMap<>();
            ds.forEach(d -> byFrame.computeIfAbsent(d.seq(), k -> new ArrayList<>()).add(d));
            diagnosesByFrame.put(id, byFrame);
        }
        dirty.clear();
    }

    /**
     * Explains an error as it arrives, from what its connection has said so far (the live relay's
     * printer): no other connection, no later frame.
     */
    public static Diagnosis explainNow(Conversation c, long errorSeq) {
        SessionFacts alone = new SessionFacts();
        alone.add(c);
        return c.errorEvent(errorSeq).map(e -> DiagnosisRules.explain(alone, c, e)).orElse(null);
    }

    public List<Integer> connectionIds() {
        synchronized (lock) {
            return List.copyOf(conversations.keySet());
        }
    }

    /** A connection's conversation; while the session grows, read it inside {@link #read}. */
    public Optional<Conversation> conversation(int connection) {
        synchronized (lock) {
            return Optional.ofNullable(conversations.get(connection));
        }
    }

    /** The session index of a connection's frame, or -1. */
    public long index(int connection, long seq) {
        synchronized (lock) {
            return facts.index(connection, seq);
        }
    }

    /** The pooler whose two legs the session holds, or {@link PoolerLegs#NONE}. */
    public PoolerLegs pooler() {
        synchronized (lock) {
            refresh();
            return facts.pooler();
        }
    }

    /** Failures of the analysis itself (bugs): the conversations' and the rules'; empty when all went well. */
    public List<String> internalErrors() {
        synchronized (lock) {
            refresh();
            List<String> all = new ArrayList<>(facts.internalErrors());
            conversations.values().forEach(c -> all.addAll(c.internalErrors()));
            return all;
        }
    }

    /** Every diagnosis of the session, in the order of the frames they are about. */
    public List<Diagnosis> diagnoses() {
        synchronized (lock) {
            refresh();
            List<Diagnosis> all = new ArrayList<>();
            conversations.values().forEach(c -> all.addAll(diagnosesOf.getOrDefault(c.connectionId(), List.of())));
            all.sort(Comparator.comparingLong(d -> facts.index(d.connection(), d.seq()))); // stable: without a store, connection order
            return all;
        }
    }

    /** The diagnoses of one connection, in the order of the frames they are about. */
    public List<Diagnosis> diagnoses(int connection) {
        synchronized (lock) {
            refresh();
            return diagnosesOf.getOrDefault(connection, List.of());
        }
    }

    /** What is known about one frame: pairing, outcome, latency, diagnoses. */
    public FrameAnalysis frame(int connection, long seq) {
        synchronized (lock) {
            return frameLocked(connection, seq);
        }
    }

    private FrameAnalysis frameLocked(int connection, long seq) {
        Conversation c = conversations.get(connection);
        if (c == null) {
            return FrameAnalysis.NONE;
        }
        refresh();
        List<Diagnosis> ds = diagnosesByFrame.getOrDefault(connection, Map.of()).getOrDefault(seq, List.of());
        long replyTo = c.replyTo(seq).orElse(-1);
        Optional<Request> r = c.request(seq);
        if (r.isPresent()) {
            Request q = r.get();
            return new FrameAnalysis(replyTo, q.replies(), q.status(), q.latencyNanos(), q.durationNanos(), ds, null,
                    q.skippedBecauseOf());
        }
        RoundTrip rt = c.roundTripEndingAt(seq).orElse(null);
        return new FrameAnalysis(replyTo, List.of(), null, -1, -1, ds, rt);
    }

    /** The connection at a glance: counts, bytes, round trips, the slowest requests, errors. */
    public Optional<ConnectionSummary> summary(int connection) {
        synchronized (lock) {
            return summaryLocked(connection);
        }
    }

    private Optional<ConnectionSummary> summaryLocked(int connection) {
        Conversation c = conversations.get(connection);
        if (c == null) {
            return Optional.empty();
        }
        refresh();
        long rtNanos = c.roundTrips().stream().mapToLong(RoundTrip::durationNanos).sum();
        List<ConnectionSummary.SlowRequest> slowest = c.requests().stream()
                .filter(q -> q.durationNanos() >= 0)
                .sorted(Comparator.comparingLong(Request::durationNanos).reversed())
                .limit(5)
                .map(q -> new ConnectionSummary.SlowRequest(q.seq(), q.typeName(), q.durationNanos(), MessageSummary.of(q.message())))
                .toList();
        List<ConnectionSummary.ErrorLine> errors = new ArrayList<>();
        for (Map.Entry<Long, ErrorResponse> e : c.errors().entrySet()) {
            errors.add(new ConnectionSummary.ErrorLine(e.getKey(), e.getValue().sqlState(), e.getValue().message()));
        }
        List<Diagnosis> ds = diagnosesOf.getOrDefault(connection, List.of());
        int warnings = (int) ds.stream().filter(d -> d.severity() == Diagnosis.Severity.WARNING).count();
        return Optional.of(new ConnectionSummary(connection, c.protocolVersion(), c.authMethod(), c.messageCounts(),
                c.bytesFromClient(), c.bytesFromServer(), c.requests().size(), c.roundTrips().size(), rtNanos,
                c.registry().statementHistory().size(), c.registry().portalHistory().size(), slowest, errors, warnings,
                ds.stream().filter(d -> d.seq() < 0).toList()));
    }

    /**
     * What the analysis no longer holds of a connection: the frames before this seq were forgotten
     * to keep a long-running session's memory bounded ({@link Options#historyLimit}); -1 when nothing was.
     */
    public long forgotten(int connection) {
        synchronized (lock) {
            Conversation c = conversations.get(connection);
            return c == null ? -1 : c.forgottenBefore();
        }
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }
}
