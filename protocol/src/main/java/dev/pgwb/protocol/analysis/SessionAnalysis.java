package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Diagnosis;
import dev.pgwb.protocol.conversation.FrameRef;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.RoundTrip;
import dev.pgwb.protocol.conversation.SchemaChange;
import dev.pgwb.protocol.conversation.SeqColumn;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.ErrorResponse;
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
 * A recorded session analysed whole: each connection's conversation replayed in recorded order, then
 * finished, then the diagnoses that other connections explain better are refined. Read-only once built.
 *
 * <pre>
 * SessionAnalysis a = SessionAnalysis.of(store);
 * for (Diagnosis d : a.diagnoses()) ...        // every diagnosis, in session order
 * a.frame(conn, seq).replyTo()                 // pairing, per frame
 * a.conversation(conn).registry()              // statements and portals over time
 * </pre>
 */
public final class SessionAnalysis {
    private final Map<Integer, Conversation> conversations = new LinkedHashMap<>();
    private final Map<Integer, SeqColumn> indexOf = new HashMap<>();
    private final Map<Integer, SeqColumn> timeOf = new HashMap<>();
    private final Map<Integer, Map<Long, List<Diagnosis>>> diagnosesByFrame = new HashMap<>();
    private final Map<Integer, Map<Long, RoundTrip>> roundTripByReady = new HashMap<>();

    private SessionAnalysis() {
    }

    /** Replays every frame of {@code store} (as it is now) and analyses it. */
    public static SessionAnalysis of(SessionStore store) {
        SessionAnalysis a = new SessionAnalysis();
        SessionDecoder decoder = new SessionDecoder(false);
        long n = store.frameCount();
        for (long from = 0; from < n; from += 4096) {
            for (RecordedFrame f : store.frames(from, Math.min(n, from + 4096))) {
                decoder.decode(f);
                a.indexOf.computeIfAbsent(f.connectionId(), k -> new SeqColumn()).set(f.frame().seq(), f.index());
                a.timeOf.computeIfAbsent(f.connectionId(), k -> new SeqColumn()).set(f.frame().seq(), f.frame().timeNanos());
                a.conversations.computeIfAbsent(f.connectionId(), k -> decoder.state(k).orElseThrow().conversation());
            }
        }
        a.conversations.values().forEach(Conversation::finish);
        a.refine();
        a.conversations.values().forEach(c -> c.roundTrips().forEach(r ->
                a.roundTripByReady.computeIfAbsent(c.connectionId(), k -> new HashMap<>()).put(r.readySeq(), r)));
        a.conversations.values().forEach(c -> c.diagnoses().forEach(d ->
                a.diagnosesByFrame.computeIfAbsent(c.connectionId(), k -> new HashMap<>())
                        .computeIfAbsent(d.seq(), k -> new ArrayList<>()).add(d)));
        return a;
    }

    public List<Integer> connectionIds() {
        return List.copyOf(conversations.keySet());
    }

    public Optional<Conversation> conversation(int connection) {
        return Optional.ofNullable(conversations.get(connection));
    }

    /** The session index of a connection's frame, or -1. */
    public long index(int connection, long seq) {
        SeqColumn m = indexOf.get(connection);
        return m == null ? -1 : m.get(seq);
    }

    /**
     * When a connection's frame arrived at the relay. Across connections this orders at least as well
     * as the session index: recordings made while the relay still recorded after forwarding can hold a
     * reply on one connection before the request on another that caused it (a CancelRequest and the
     * 57014 it provokes).
     */
    long time(int connection, long seq) {
        SeqColumn m = timeOf.get(connection);
        long t = m == null ? -1 : m.get(seq);
        return t < 0 ? Long.MAX_VALUE : t;
    }

    /** Every diagnosis of the session, in the order of the frames they are about. */
    public List<Diagnosis> diagnoses() {
        List<Diagnosis> all = new ArrayList<>();
        conversations.values().forEach(c -> all.addAll(c.diagnoses()));
        all.sort(Comparator.comparingLong(d -> index(d.connection(), d.seq())));
        return all;
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
            return new FrameAnalysis(replyTo, q.replies(), q.status(), q.latencyNanos(), q.durationNanos(), ds, null);
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
        int warnings = (int) c.diagnoses().stream().filter(d -> d.severity() == Diagnosis.Severity.WARNING).count();
        return Optional.of(new ConnectionSummary(connection, c.protocolVersion(), c.authMethod(), c.messageCounts(),
                c.bytesFromClient(), c.bytesFromServer(), c.requests().size(), c.roundTrips().size(), rtNanos,
                c.registry().statementHistory().size(), c.registry().portalHistory().size(), slowest, errors, warnings));
    }

    // ------------------------------------------------------------------ refinement across connections

    private void refine() {
        for (Conversation c : conversations.values()) {
            for (Diagnosis d : List.copyOf(c.diagnoses())) {
                Diagnosis better = switch (d.code() + "/" + d.cause()) {
                    case "26000/never-prepared" -> preparedElsewhere(c, d);
                    case "0A000/schema-changed" -> schemaChangedElsewhere(c, d);
                    case "57014/cancel-request" -> canceledBy(c, d);
                    default -> null;
                };
                if (better != null) {
                    c.replaceDiagnosis(d, better);
                }
            }
        }
    }

    /** The classic transaction-pooling symptom: the statement exists, on another server connection. */
    private Diagnosis preparedElsewhere(Conversation c, Diagnosis d) {
        long at = time(c.connectionId(), d.seq());
        Conversation where = null;
        StatementEntry found = null;
        for (Conversation k : conversations.values()) {
            if (k == c) {
                continue;
            }
            for (StatementEntry s : k.registry().statementsNamed(d.subject())) {
                if (time(k.connectionId(), s.parseSeq()) <= at
                        && (found == null || time(k.connectionId(), s.parseSeq()) > time(where.connectionId(), found.parseSeq()))) {
                    where = k;
                    found = s;
                }
            }
        }
        if (found == null) {
            return null;
        }
        List<FrameRef> frames = new ArrayList<>(d.frames());
        frames.add(new FrameRef(where.connectionId(), found.parseSeq(), "Parse of " + d.subject() + " on connection " + where.connectionId()));
        String shown = d.subject().isEmpty() ? "the unnamed statement" : "statement \"" + d.subject() + "\"";
        return new Diagnosis(d.severity(), d.code(), "prepared-on-other-connection", d.connection(), d.seq(), d.subject(), frames,
                shown + " was never prepared on connection " + c.connectionId() + ", but it was prepared on connection "
                        + where.connectionId() + " at #" + found.parseSeq() + ". Prepared statements belong to one server "
                        + "connection: the client prepared it on one and used it on another. This is the classic "
                        + "transaction-pooling symptom (a pooler hands each transaction whichever server connection is free).",
                d.advice());
    }

    private Diagnosis schemaChangedElsewhere(Conversation c, Diagnosis d) {
        long at = time(c.connectionId(), d.seq());
        long since = -1;
        for (StatementEntry s : c.registry().statementsNamed(d.subject())) {
            long i = time(c.connectionId(), s.parseSeq());
            if (i < at) {
                since = i;
            }
        }
        List<FrameRef> frames = new ArrayList<>(d.frames());
        List<String> found = new ArrayList<>();
        for (Conversation k : conversations.values()) {
            if (k == c) {
                continue;
            }
            for (SchemaChange s : k.schemaChanges()) {
                long i = time(k.connectionId(), s.requestSeq());
                if (i > since && i <= at) {
                    frames.add(new FrameRef(k.connectionId(), s.requestSeq(), s.tag() + " on connection " + k.connectionId()));
                    found.add(s.tag() + " at #" + s.requestSeq() + " on connection " + k.connectionId());
                }
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        return new Diagnosis(d.severity(), d.code(), d.cause(), d.connection(), d.seq(), d.subject(), frames,
                d.explanation() + " Meanwhile on other connections: " + String.join(", ", found) + ".", d.advice());
    }

    private Diagnosis canceledBy(Conversation c, Diagnosis d) {
        long at = time(c.connectionId(), d.seq());
        Conversation by = null;
        for (Conversation k : conversations.values()) {
            Optional<CancelRequest> cr = k.cancelRequest();
            if (k != c && cr.isPresent() && cr.get().processId() == c.backendPid() && cr.get().secretKey().equals(c.backendSecret())
                    && time(k.connectionId(), k.cancelRequestSeq()) <= at) {
                by = k;
            }
        }
        if (by == null) {
            return null;
        }
        List<FrameRef> frames = new ArrayList<>(d.frames());
        frames.add(new FrameRef(by.connectionId(), by.cancelRequestSeq(), "CancelRequest on connection " + by.connectionId()));
        Optional<Request> running = c.requestFailedBy(d.seq());
        return new Diagnosis(d.severity(), d.code(), d.cause(), d.connection(), d.seq(), d.subject(), frames,
                "The CancelRequest sent on connection " + by.connectionId() + " (#" + by.cancelRequestSeq() + ", process "
                        + c.backendPid() + ", the key this connection got in BackendKeyData) canceled "
                        + running.map(r -> "the " + r.typeName() + " at #" + r.seq()).orElse("the running query") + ".",
                "Expected when the application (a query timeout, a user's cancel) asked for it; otherwise find who sent it.");
    }
}
