package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.RoundTrip;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recorded session analysed whole: each connection's conversation replayed in recorded order and
 * finished, the facts the rules need gathered across connections ({@link SessionFacts}: process ids,
 * servers, pooler legs), then every error explained and every suspicious pattern found by the rules of
 * {@link DiagnosisRules}. Read-only once built.
 *
 * <pre>
 * SessionAnalysis a = SessionAnalysis.of(store);
 * for (Diagnosis d : a.diagnoses()) ...        // every diagnosis, in session order
 * a.frame(conn, seq).replyTo()                 // pairing, per frame
 * a.conversation(conn).registry()              // statements and portals over time
 * </pre>
 */
public final class SessionAnalysis {
    private final SessionFacts facts = new SessionFacts();
    private final Map<Integer, Conversation> conversations = new LinkedHashMap<>();
    private final Map<Integer, List<Diagnosis>> diagnosesOf = new HashMap<>();
    private final Map<Integer, Map<Long, List<Diagnosis>>> diagnosesByFrame = new HashMap<>();
    private final Map<Integer, Map<Long, RoundTrip>> roundTripByReady = new HashMap<>();

    private SessionAnalysis() {
    }

    /** Replays every frame of {@code store} (as it is now) and analyses it. */
    public static SessionAnalysis of(SessionStore store) {
        SessionAnalysis a = new SessionAnalysis();
        List<ConnectionInfo> infos = store.connections();
        infos.forEach(a.facts::info);
        PoolerLegs.Builder pooler = new PoolerLegs.Builder(infos);
        SessionDecoder decoder = new SessionDecoder(false);
        long n = store.frameCount();
        for (long from = 0; from < n; from += 4096) {
            for (RecordedFrame f : store.frames(from, Math.min(n, from + 4096))) {
                decoder.decode(f);
                a.facts.frame(f.connectionId(), f.frame().seq(), f.index(), f.frame().timeNanos());
                pooler.frame(f.connectionId(), f.frame());
                a.conversations.computeIfAbsent(f.connectionId(), k -> decoder.state(k).orElseThrow().conversation());
            }
        }
        a.facts.pooler(pooler.build());
        for (ConnectionInfo i : infos) { // connections without a single byte (a TCP check) are analysed too
            a.conversations.computeIfAbsent(i.id(), Conversation::new);
        }
        return a.analyse();
    }

    /**
     * Analyses conversations replayed elsewhere (a trace file, a test) as one session: without a
     * store there are no connection addresses, and each connection's frames are ordered by their seq.
     */
    public static SessionAnalysis of(List<Conversation> replayed) {
        SessionAnalysis a = new SessionAnalysis();
        replayed.forEach(c -> a.conversations.put(c.connectionId(), c));
        return a.analyse();
    }

    private SessionAnalysis analyse() {
        conversations.values().forEach(Conversation::finish);
        conversations.values().forEach(facts::add);
        for (Conversation c : conversations.values()) {
            List<Diagnosis> ds = DiagnosisRules.diagnose(facts, c);
            diagnosesOf.put(c.connectionId(), ds);
            ds.forEach(d -> diagnosesByFrame.computeIfAbsent(c.connectionId(), k -> new HashMap<>())
                    .computeIfAbsent(d.seq(), k -> new ArrayList<>()).add(d));
            c.roundTrips().forEach(r -> roundTripByReady.computeIfAbsent(c.connectionId(), k -> new HashMap<>()).put(r.readySeq(), r));
        }
        return this;
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
        return List.copyOf(conversations.keySet());
    }

    public Optional<Conversation> conversation(int connection) {
        return Optional.ofNullable(conversations.get(connection));
    }

    /** The session index of a connection's frame, or -1. */
    public long index(int connection, long seq) {
        return facts.index(connection, seq);
    }

    /** The pooler whose two legs the session holds, or {@link PoolerLegs#NONE}. */
    public PoolerLegs pooler() {
        return facts.pooler();
    }

    /** Failures of the analysis itself (bugs): the conversations' and the rules'; empty when all went well. */
    public List<String> internalErrors() {
        List<String> all = new ArrayList<>(facts.internalErrors());
        conversations.values().forEach(c -> all.addAll(c.internalErrors()));
        return all;
    }

    /** Every diagnosis of the session, in the order of the frames they are about. */
    public List<Diagnosis> diagnoses() {
        List<Diagnosis> all = new ArrayList<>();
        conversations.values().forEach(c -> all.addAll(diagnoses(c.connectionId())));
        all.sort(Comparator.comparingLong(d -> index(d.connection(), d.seq()))); // stable: without a store, connection order
        return all;
    }

    /** The diagnoses of one connection, in the order of the frames they are about. */
    public List<Diagnosis> diagnoses(int connection) {
        return diagnosesOf.getOrDefault(connection, List.of());
    }

    /** What is known about one frame: pairing, outcome, latency, diagnoses. */
    public FrameAnalysis frame(int connection, long seq) {
        Conversation c = conversations.get(connection);
        if (c == null) {
            return FrameAnalysis.NONE;
        }
        List<Diagnosis> ds = diagnosesByFrame.getOrDefault(connection, Map.of()).getOrDefault(seq, List.of());
        long replyTo = c.replyTo(seq).orElse(-1);
        Optional<Request> r = c.request(seq);
        if (r.isPresent()) {
            Request q = r.get();
            return new FrameAnalysis(replyTo, q.replies(), q.status(), q.latencyNanos(), q.durationNanos(), ds, null,
                    q.skippedBecauseOf());
        }
        RoundTrip rt = roundTripByReady.getOrDefault(connection, Map.of()).get(seq);
        return new FrameAnalysis(replyTo, List.of(), null, -1, -1, ds, rt);
    }

    /** The connection at a glance: counts, bytes, round trips, the slowest requests, errors. */
    public Optional<ConnectionSummary> summary(int connection) {
        Conversation c = conversations.get(connection);
        if (c == null) {
            return Optional.empty();
        }
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
        int warnings = (int) diagnoses(connection).stream().filter(d -> d.severity() == Diagnosis.Severity.WARNING).count();
        return Optional.of(new ConnectionSummary(connection, c.protocolVersion(), c.authMethod(), c.messageCounts(),
                c.bytesFromClient(), c.bytesFromServer(), c.requests().size(), c.roundTrips().size(), rtNanos,
                c.registry().statementHistory().size(), c.registry().portalHistory().size(), slowest, errors, warnings,
                diagnoses(connection).stream().filter(d -> d.seq() < 0).toList()));
    }
}
