package dev.pgwb.protocol.conversation;

import dev.pgwb.protocol.message.Authentication;
import dev.pgwb.protocol.message.AuthenticationCleartextPassword;
import dev.pgwb.protocol.message.AuthenticationGSS;
import dev.pgwb.protocol.message.AuthenticationMD5Password;
import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.AuthenticationResponse;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.AuthenticationSSPI;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.BindComplete;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CloseComplete;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyBothResponse;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyDone;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.CopyInResponse;
import dev.pgwb.protocol.message.CopyOutResponse;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.EmptyQueryResponse;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Flush;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.GSSENCResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NoData;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.message.NotificationResponse;
import dev.pgwb.protocol.message.ParameterDescription;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.ParseComplete;
import dev.pgwb.protocol.message.PortalSuspended;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.SSLResponse;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One connection's conversation, replayed message by message in arrival order (both directions):
 * phase, protocol version, transaction status, statements and portals, request/response pairing,
 * round trips, and diagnoses. Feed it every decoded message with {@link #accept(Frame, Message)},
 * then call {@link #finish()} when the connection (or the recording) ends.
 *
 * <p>Pairing follows the protocol's rule that the server answers requests in the order it receives
 * them: each backend message answers the oldest request still waiting for it. An ErrorResponse to an
 * extended-query message makes the server discard every following message until Sync; those are
 * marked {@link Request.Status#SKIPPED}.
 */
public final class Conversation {
    private static final Pattern DEALLOCATE = Pattern.compile(
            "(?i)\\bDEALLOCATE\\s+(?:PREPARE\\s+)?(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)");
    private static final Pattern PREPARE = Pattern.compile(
            "(?i)\\bPREPARE\\s+(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)");
    private static final Pattern SCHEMA_TAG = Pattern.compile(
            "^(ALTER|CREATE|DROP|TRUNCATE|COMMENT|GRANT|REVOKE|REINDEX|CLUSTER|SECURITY LABEL)\\b.*");

    /** Replies held for a late request; beyond this many, none is coming. */
    private static final int MAX_HELD = 64;

    private final int connectionId;
    private final StatementRegistry registry = new StatementRegistry();
    private final List<Request> requests = new ArrayList<>();
    private final Map<Long, Request> requestBySeq = new HashMap<>();
    private final Deque<Request> pending = new ArrayDeque<>();
    private final SeqColumn replyTo = new SeqColumn();
    private final Map<Long, StatementEntry> parseOf = new HashMap<>();
    private final Map<Long, PortalEntry> bindOf = new HashMap<>();
    private final Map<Long, PortalEntry> executeOf = new HashMap<>();
    private final Map<Long, Object> describeOf = new HashMap<>();
    private final Map<Long, Object> closeOf = new HashMap<>();
    private final Map<Long, ErrorResponse> errors = new LinkedHashMap<>();
    private final Map<Long, Long> errorRequest = new HashMap<>();
    private final List<ErrorEvent> errorEvents = new ArrayList<>();
    private final List<ReadyMark> readyMarks = new ArrayList<>();
    private final List<CopyIn> copies = new ArrayList<>();
    private final List<RoundTrip> roundTrips = new ArrayList<>();
    private final List<SchemaChange> schemaChanges = new ArrayList<>();
    private final Map<String, String> startupParameters = new LinkedHashMap<>();
    private final Map<String, Integer> messageCounts = new LinkedHashMap<>();
    private final List<Held> early = new ArrayList<>();
    private final List<PhaseChange> phaseChanges = new ArrayList<>();
    private final List<String> internalErrors = new ArrayList<>();

    private Phase phase = Phase.STARTUP;
    private int protocolVersion;
    private char transactionStatus;
    private String authMethod = "";
    private List<RowField> lastRowDescription = List.of();
    private boolean skipping;
    private long skipError = -1;
    private long lastSyncOrFlushSeq = -1;
    private long terminateSeq = -1;
    private long afterTerminateSeq = -1;
    private String afterTerminateType = "";
    private long serverEndedSeq = -1;
    private CopyIn clientCopy;
    private Stray strayStart;
    private Stray strayServerStart;
    private long lastFrontendSeq = -1;
    private long lastBackendSeq = -1;
    private long lastStraySeq = -1;
    private long lastServerStraySeq = -1;
    private final List<Negotiation> negotiations = new ArrayList<>();
    private long firstTransactionError = -1;
    private long roundTripStartSeq = -1;
    private long roundTripStartNanos;
    private int roundTripRequests;
    private int backendPid;
    private Bytes backendSecret;
    private CancelRequest cancelRequest;
    private long cancelRequestSeq = -1;
    private long startupSeq = -1;
    private long outOfTurnSeq = -1;
    private String outOfTurnType = "";
    private long copyFailSeq = -1;
    private CopyFail copyFail;
    private long lastSeq = -1;
    private long lastNanos;
    private long bytesFromClient;
    private long bytesFromServer;
    private boolean finished;

    private final boolean retainHistory;
    private int historyLimit;
    private long forgottenBefore = -1;

    public Conversation() {
        this(0);
    }

    /** @param connectionId the connection's id in its session, used in the frames diagnoses name */
    public Conversation(int connectionId) {
        this(connectionId, true);
    }

    /**
     * @param retainHistory false for a decoder that runs for days (the live relay): at each
     *                      ReadyForQuery everything finished is forgotten (requests, pairing, ended
     *                      statements and portals, diagnoses), so memory stays bounded; only what
     *                      is alive remains, which is all the decoder asks for
     */
    public Conversation(int connectionId, boolean retainHistory) {
        this.connectionId = connectionId;
        this.retainHistory = retainHistory;
    }

    // ------------------------------------------------------------------ queries

    public int connectionId() {
        return connectionId;
    }

    public Phase phase() {
        return phase;
    }

    /** {@code major << 16 | minor}; 0 before the StartupMessage. Lowered by NegotiateProtocolVersion. */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** The last ReadyForQuery's status: {@code I}, {@code T}, {@code E}; 0 before the first. */
    public char transactionStatus() {
        return transactionStatus;
    }

    /** The authentication the server asked for: "SCRAM-SHA-256", "MD5", "cleartext password", "GSSAPI", "SSPI", "trust/none"; "" before. */
    public String authMethod() {
        return authMethod;
    }

    public Map<String, String> startupParameters() {
        return Collections.unmodifiableMap(startupParameters);
    }

    public StatementRegistry registry() {
        return registry;
    }

    /** Every request, in the order sent. */
    public List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** The request sent as frame {@code seq}, if that frame was one. */
    public Optional<Request> request(long seq) {
        return Optional.ofNullable(requestBySeq.get(seq));
    }

    /** The request a backend frame answers (or a frontend CopyData/CopyDone/CopyFail belongs to). */
    public OptionalLong replyTo(long seq) {
        long r = replyTo.get(seq);
        return r < 0 ? OptionalLong.empty() : OptionalLong.of(r);
    }

    public List<RoundTrip> roundTrips() {
        return Collections.unmodifiableList(roundTrips);
    }

    /** Every ErrorResponse with what it answered and the facts of that moment, in order. */
    public List<ErrorEvent> errorEvents() {
        return Collections.unmodifiableList(errorEvents);
    }

    /** The ErrorResponse at frame {@code seq}, if that frame was one. */
    public Optional<ErrorEvent> errorEvent(long seq) {
        for (ErrorEvent e : errorEvents) {
            if (e.seq() == seq) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every ReadyForQuery, in order: the transaction status over time. */
    public List<ReadyMark> readyMarks() {
        return Collections.unmodifiableList(readyMarks);
    }

    /** The transaction status the server last reported before frame {@code seq} (0 before the first ReadyForQuery). */
    public char transactionStatusBefore(long seq) {
        char status = 0;
        for (ReadyMark r : readyMarks) {
            if (r.seq() >= seq) {
                break;
            }
            status = r.status();
        }
        return status;
    }

    /** Every COPY FROM STDIN, with the CopyData the client sent for it. */
    public List<CopyIn> copies() {
        return Collections.unmodifiableList(copies);
    }

    /** The first Terminate the client sent, or -1. */
    public long terminateSeq() {
        return terminateSeq;
    }

    /** The first frontend message sent after Terminate, or -1. */
    public long afterTerminateSeq() {
        return afterTerminateSeq;
    }

    /** The type of {@link #afterTerminateSeq()}'s message, or "". */
    public String afterTerminateType() {
        return afterTerminateType;
    }

    /** The last Sync or Flush the client sent, or -1. */
    public long lastSyncOrFlushSeq() {
        return lastSyncOrFlushSeq;
    }

    /**
     * The client's first bytes when they were not a PostgreSQL startup packet (an HTTP request, a TLS
     * ClientHello without SSLRequest, a line of text): at most 64 of them, with the frame's length.
     *
     * @param seq     the frame
     * @param kind    how the framer cut it (MALFORMED, RAW, TLS_RECORD)
     * @param head    its first bytes, at most 64
     * @param length  the frame's length
     * @param problem what the framer said of it, or ""
     */
    public record Stray(long seq, FrameKind kind, byte[] head, int length, String problem) {
    }

    /** The client's first frame, when it was not a startup packet (with the raw frames after it, up to 64 bytes). */
    public Optional<Stray> strayStart() {
        return Optional.ofNullable(strayStart);
    }

    /**
     * The server's first frame, when the framer could not read it as a message (a protocol-2 error
     * answering a protocol-2 startup, say), with the raw frames after it: at most 256 bytes.
     */
    public Optional<Stray> strayServerStart() {
        return Optional.ofNullable(strayServerStart);
    }

    private static boolean stray(Frame f) {
        return f.kind() == FrameKind.MALFORMED || f.kind() == FrameKind.RAW || f.kind() == FrameKind.TLS_RECORD;
    }

    /** Starts or extends a stray-bytes record: the first unreadable frame of a direction and the raw bytes that follow it. */
    private static Stray strayBytes(Stray s, Frame f, int max) {
        if (s == null) {
            return new Stray(f.seq(), f.kind(), java.util.Arrays.copyOf(f.bytes(), Math.min(max, f.length())), f.length(),
                    f.problem() == null ? "" : f.problem());
        }
        if (s.head().length >= max || f.kind() != FrameKind.RAW) {
            return s;
        }
        byte[] more = java.util.Arrays.copyOf(s.head(), Math.min(max, s.head().length + f.length()));
        System.arraycopy(f.bytes(), 0, more, s.head().length, more.length - s.head().length);
        return new Stray(s.seq(), s.kind(), more, s.length() + f.length(), s.problem());
    }

    /**
     * An SSLRequest or GSSENCRequest and the server's one-byte answer.
     *
     * @param requestSeq  the request
     * @param responseSeq the answer
     * @param answer      {@code S} or {@code G} (go ahead), {@code N} (refused)
     * @param kind        {@code SSL} or {@code GSS}
     */
    public record Negotiation(long requestSeq, long responseSeq, char answer, String kind) {
    }

    /** The encryption requests of the connection and their answers, in order. */
    public List<Negotiation> negotiations() {
        return Collections.unmodifiableList(negotiations);
    }

    /** The client's last frame, or -1 when it sent none. */
    public long lastFrontendSeq() {
        return lastFrontendSeq;
    }

    /** The FATAL (or PANIC) after which the server closed the connection, or -1. */
    public long serverEndedSeq() {
        return serverEndedSeq;
    }

    /** The ErrorResponses of the connection by frame seq, in order. */
    public Map<Long, ErrorResponse> errors() {
        return Collections.unmodifiableMap(errors);
    }

    /** The request an ErrorResponse failed, if it answered one. */
    public Optional<Request> requestFailedBy(long errorSeq) {
        Long r = errorRequest.get(errorSeq);
        return r == null ? Optional.empty() : Optional.ofNullable(requestBySeq.get(r));
    }

    public List<SchemaChange> schemaChanges() {
        return Collections.unmodifiableList(schemaChanges);
    }

    /** Messages by type name, in order of first appearance. */
    public Map<String, Integer> messageCounts() {
        return Collections.unmodifiableMap(messageCounts);
    }

    public long bytesFromClient() {
        return bytesFromClient;
    }

    public long bytesFromServer() {
        return bytesFromServer;
    }

    /** The server process id from BackendKeyData, or 0. */
    public int backendPid() {
        return backendPid;
    }

    /** The cancel key from BackendKeyData, or null. */
    public Bytes backendSecret() {
        return backendSecret;
    }

    /** When this connection was opened only to cancel another: its CancelRequest. */
    public Optional<CancelRequest> cancelRequest() {
        return Optional.ofNullable(cancelRequest);
    }

    public long cancelRequestSeq() {
        return cancelRequestSeq;
    }

    public long startupSeq() {
        return startupSeq;
    }

    /**
     * The first message other than an answer that the client sent while the server waited for the
     * answer to its authentication request (the server reads it as that answer), or -1.
     */
    public long outOfTurnSeq() {
        return outOfTurnSeq;
    }

    public String outOfTurnType() {
        return outOfTurnType;
    }

    /** The last CopyFail the client sent, or -1. */
    public long copyFailSeq() {
        return copyFailSeq;
    }

    public CopyFail copyFail() {
        return copyFail;
    }

    public long lastNanos() {
        return lastNanos;
    }

    /** The portal a Bind made (whether or not it came to exist). */
    public Optional<PortalEntry> portalBoundBy(long bindSeq) {
        return Optional.ofNullable(bindOf.get(bindSeq));
    }

    /** The statement a Parse made (whether or not it came to exist). */
    public Optional<StatementEntry> statementParsedBy(long parseSeq) {
        return Optional.ofNullable(parseOf.get(parseSeq));
    }

    /** The portal an Execute ran (null when its portal was unknown). */
    public Optional<PortalEntry> portalOf(long executeSeq) {
        return Optional.ofNullable(executeOf.get(executeSeq));
    }

    // --- what the decoder asks ---

    /** Parameter type OIDs for a Bind of {@code statement}; empty when unknown. */
    public List<Integer> parameterTypes(String statement) {
        return registry.parameterTypes(statement);
    }

    /**
     * The columns (with formats) of the next DataRow: the running Execute's portal, or the last
     * RowDescription of a simple Query (or, without either, the last RowDescription seen).
     */
    public List<RowField> resultColumns() {
        Request head = pending.peekFirst();
        if (head != null && head.message() instanceof Execute) {
            PortalEntry p = executeOf.get(head.seq());
            if (p != null) {
                return p.columns();
            }
        }
        return lastRowDescription;
    }

    // ------------------------------------------------------------------ replay

    /**
     * Moves the conversation past one message. Messages must come in arrival order. Never throws:
     * the decoder calls this for every frame, and decoding must not stop for content; a failure of
     * the analysis itself is kept in {@link #internalErrors()} (and found by the property tests).
     */
    public void accept(Frame frame, Message message) {
        try {
            replay(frame, message);
        } catch (RuntimeException e) {
            if (internalErrors.size() < 16) {
                internalErrors.add("#" + frame.seq() + " " + message.typeName() + ": " + e);
            }
        }
    }

    /** Failures of the analysis itself (bugs), at most 16; empty when all went well. */
    public List<String> internalErrors() {
        return Collections.unmodifiableList(internalErrors);
    }

    private void replay(Frame frame, Message message) {
        long seq = frame.seq();
        long t = frame.timeNanos();
        lastSeq = Math.max(lastSeq, seq);
        lastNanos = Math.max(lastNanos, t);
        messageCounts.merge(message.typeName(), 1, Integer::sum);
        if (frame.direction() == Direction.FRONTEND) {
            if (stray(frame) && (lastFrontendSeq < 0 || (strayStart != null && strayStart.seq() <= lastFrontendSeq
                    && lastFrontendSeq == lastStraySeq))) {
                strayStart = strayBytes(strayStart, frame, 64);
                lastStraySeq = seq;
            }
            lastFrontendSeq = seq;
            bytesFromClient += frame.length();
            if (message instanceof FrontendMessage f) {
                frontend(seq, t, f);
            }
        } else {
            if (stray(frame) && (bytesFromServer == 0 || (strayServerStart != null && lastBackendSeq == lastServerStraySeq))) {
                strayServerStart = strayBytes(strayServerStart, frame, 256);
                lastServerStraySeq = seq;
            }
            lastBackendSeq = seq;
            bytesFromServer += frame.length();
            backend(seq, t, message);
        }
        notePhase(seq);
    }

    private void notePhase(long seq) {
        if (phaseChanges.isEmpty() || phaseChanges.get(phaseChanges.size() - 1).phase() != phase) {
            phaseChanges.add(new PhaseChange(seq, phase));
        }
    }

    /** The phase a connection entered at a frame. */
    public record PhaseChange(long seq, Phase phase) {
    }

    /** Every change of phase, in order: the phase over time. */
    public List<PhaseChange> phaseChanges() {
        return Collections.unmodifiableList(phaseChanges);
    }

    /** The phase after frame {@code seq} was handled. */
    public Phase phaseAt(long seq) {
        Phase p = Phase.STARTUP;
        for (PhaseChange c : phaseChanges) {
            if (c.seq() > seq) {
                break;
            }
            p = c.phase();
        }
        return p;
    }

    /** A reply recorded before its request: the relay forwards first and records after, so across directions the order can flip. */
    private record Held(long seq, long timeNanos, Message message) {
    }

    /** Replies that came before their request, answered now that requests are pending. */
    private void drainEarly() {
        while (!early.isEmpty() && !pending.isEmpty()) {
            Held h = early.remove(0);
            reply(h.seq(), h.timeNanos(), h.message());
        }
    }

    private void frontend(long seq, long t, FrontendMessage m) {
        endedBefore(t);
        frontendMessage(seq, t, m);
        drainEarly();
    }

    /**
     * A FATAL held with nothing pending that the server sent before this frontend message cannot
     * answer it: the server ended the connection on its own (a timeout, pg_terminate_backend, a
     * shutdown) and the message that follows is never executed.
     */
    private void endedBefore(long t) {
        while (!early.isEmpty() && pending.isEmpty() && early.get(0).timeNanos() < t
                && early.get(0).message() instanceof ErrorResponse e && isFatal(e)) {
            Held h = early.remove(0);
            reply(h.seq(), h.timeNanos(), h.message());
        }
    }

    private static boolean isFatal(ErrorResponse e) {
        return "FATAL".equals(e.severity()) || "PANIC".equals(e.severity());
    }

    /** A request sent after the server had ended the connection: it is never executed. */
    private void notExecuted(long seq, long t, FrontendMessage m) {
        Request r = new Request(seq, t, m);
        r.notExecuted(serverEndedSeq);
        requests.add(r);
        requestBySeq.put(seq, r);
    }

    private void frontendMessage(long seq, long t, FrontendMessage m) {
        if (terminateSeq >= 0 && afterTerminateSeq < 0) {
            afterTerminateSeq = seq;
            afterTerminateType = m.typeName();
        }
        if (clientCopy != null && !(m instanceof CopyData || m instanceof Flush || m instanceof Sync)) {
            if (m instanceof CopyDone || m instanceof CopyFail) {
                clientCopy.end(seq);
            }
            clientCopy = null;
        }
        if (serverEndedSeq >= 0 && (m instanceof Query || m instanceof FunctionCall || isExtended(m)) && !(m instanceof Flush)) {
            notExecuted(seq, t, m);
            return;
        }
        if (skipping && isExtended(m) && !(m instanceof Sync)) {
            skipped(seq, t, m);
            return;
        }
        if (phase == Phase.AUTHENTICATION && !(m instanceof AuthenticationResponse) && !(m instanceof Terminate)) {
            // the server reads it as the answer to its authentication request: not a request of its own
            if (outOfTurnSeq < 0) {
                outOfTurnSeq = seq;
                outOfTurnType = m.typeName();
            }
            return;
        }
        switch (m) {
            case StartupMessage s -> {
                protocolVersion = s.protocolVersion();
                startupSeq = seq;
                for (StartupParameter p : s.parameters()) {
                    startupParameters.put(p.name(), p.value());
                }
                phase = Phase.STARTUP;
                newRequest(seq, t, m);
            }
            case SSLRequest x -> newRequest(seq, t, m);
            case GSSENCRequest x -> newRequest(seq, t, m);
            case CancelRequest c -> {
                cancelRequest = c;
                cancelRequestSeq = seq;
            }
            case AuthenticationResponse a -> newRequest(seq, t, m);
            case Query q -> {
                newRequest(seq, t, m);
                registry.closeStatement("", seq, "simple Query");
                registry.closePortal("", seq, "simple Query");
                phase = Phase.SIMPLE_QUERY;
            }
            case FunctionCall f -> {
                newRequest(seq, t, m);
                phase = Phase.FUNCTION_CALL;
            }
            case Parse p -> {
                newRequest(seq, t, m);
                phase = Phase.EXTENDED_QUERY;
                parseOf.put(seq, registry.parse(p.statement(), seq, p.query(), p.parameterTypes(), false));
            }
            case Bind b -> {
                newRequest(seq, t, m);
                phase = Phase.EXTENDED_QUERY;
                StatementEntry s = registry.statement(b.statement()).orElse(null);
                if (s != null) {
                    s.use(seq);
                }
                bindOf.put(seq, registry.bind(b.portal(), seq, s, b.resultFormats()));
            }
            case Describe d -> {
                newRequest(seq, t, m);
                phase = Phase.EXTENDED_QUERY;
                if (d.target() == 'S') {
                    registry.statement(d.name()).ifPresent(s -> {
                        s.use(seq);
                        describeOf.put(seq, s);
                    });
                } else {
                    registry.portal(d.name()).ifPresent(p -> describeOf.put(seq, p));
                }
            }
            case Execute e -> {
                newRequest(seq, t, m);
                phase = Phase.EXTENDED_QUERY;
                registry.portal(e.portal()).ifPresent(p -> {
                    p.execute(seq);
                    executeOf.put(seq, p);
                });
            }
            case Close c -> {
                newRequest(seq, t, m);
                phase = Phase.EXTENDED_QUERY;
                if (c.target() == 'S') {
                    registry.statement(c.name()).ifPresent(s -> s.use(seq));
                    Optional<StatementEntry> closed = registry.closeStatement(c.name(), seq, "Close");
                    if (closed.isEmpty() && startupSeq < 0) {
                        closed = Optional.of(registry.closedUnseen(c.name(), seq, "Close")); // prepared before the recording began
                    }
                    closed.ifPresent(s -> closeOf.put(seq, s));
                } else {
                    registry.closePortal(c.name(), seq, "Close").ifPresent(p -> closeOf.put(seq, p));
                }
            }
            case Sync s -> {
                newRequest(seq, t, m);
                lastSyncOrFlushSeq = seq;
                skipping = false;
            }
            case Flush f -> lastSyncOrFlushSeq = seq;
            case Terminate x -> {
                if (terminateSeq < 0) {
                    terminateSeq = seq;
                }
                phase = Phase.TERMINATED;
            }
            case CopyData d -> {
                partOfRunning(seq);
                if (clientCopy != null) {
                    clientCopy.data(seq, t, d.data().length(), d.data().count('\n'));
                }
            }
            case CopyDone d -> partOfRunning(seq);
            case CopyFail f -> {
                partOfRunning(seq);
                copyFailSeq = seq;
                copyFail = f;
            }
            default -> { }
        }
    }

    private static boolean isExtended(FrontendMessage m) {
        return m instanceof Parse || m instanceof Bind || m instanceof Describe || m instanceof Execute
                || m instanceof Close || m instanceof Sync || m instanceof Flush;
    }

    private Request newRequest(long seq, long t, FrontendMessage m) {
        Request r = new Request(seq, t, m);
        requests.add(r);
        requestBySeq.put(seq, r);
        pending.addLast(r);
        if (roundTripStartSeq < 0) {
            roundTripStartSeq = seq;
            roundTripStartNanos = t;
            roundTripRequests = 0;
        }
        roundTripRequests++;
        return r;
    }

    /** A message the server discards: an earlier one failed and no Sync came since. */
    private void skipped(long seq, long t, FrontendMessage m) {
        if (m instanceof Flush) {
            return;
        }
        Request r = new Request(seq, t, m);
        r.skip(skipError);
        requests.add(r);
        requestBySeq.put(seq, r);
        switch (m) {
            case Parse p -> parseOf.put(seq, registry.skippedParse(p.statement(), seq, p.query(), p.parameterTypes(), skipError));
            case Bind b -> bindOf.put(seq, registry.skippedBind(b.portal(), seq, registry.statement(b.statement()).orElse(null),
                    b.resultFormats(), skipError));
            default -> { }
        }
    }

    private void partOfRunning(long seq) {
        Request head = pending.peekFirst();
        if (head != null) {
            pair(seq, head.seq());
        }
    }

    private void backend(long seq, long t, Message m) {
        boolean asynchronous = m instanceof NotificationResponse || m instanceof ParameterStatus || m instanceof NoticeResponse;
        if (m instanceof RowDescription rd) {
            lastRowDescription = rd.fields(); // the decoder needs it for the DataRows that follow, held or not
        }
        if (early.size() >= MAX_HELD) {
            Held oldest = early.remove(0); // no late request is coming (one direction only, or mid-stream): unpaired
            reply(oldest.seq(), oldest.timeNanos(), oldest.message());
        }
        if (pending.isEmpty() && !asynchronous) {
            // Every reply answers a request; with none pending, its request is still on its way to the recorder.
            early.add(new Held(seq, t, m));
            return;
        }
        if (!early.isEmpty()) {
            early.add(new Held(seq, t, m)); // keep the server's order
            return;
        }
        reply(seq, t, m);
    }

    private void reply(long seq, long t, Message m) {
        Request head = pending.peekFirst();
        switch (m) {
            case SSLResponse r -> negotiated(take(seq, t, SSLRequest.class), seq, t, r.answer(), "SSL");
            case GSSENCResponse r -> negotiated(take(seq, t, GSSENCRequest.class), seq, t, r.answer(), "GSS");
            case Authentication a -> authentication(seq, t, a);
            case NegotiateProtocolVersion n -> {
                protocolVersion = n.newestMinorVersion() > 0xffff ? n.newestMinorVersion() : (3 << 16) | n.newestMinorVersion();
                attach(head, seq, t);
            }
            case BackendKeyData k -> {
                backendPid = k.processId();
                backendSecret = k.secretKey();
                attach(head, seq, t);
            }
            case ReadyForQuery r -> readyForQuery(seq, t, r);
            case ParseComplete p -> {
                Request r = take(seq, t, Parse.class);
                complete(r, seq, t);
                if (r != null && parseOf.get(r.seq()) != null) {
                    parseOf.get(r.seq()).activate();
                }
            }
            case BindComplete b -> {
                Request r = take(seq, t, Bind.class);
                complete(r, seq, t);
                if (r != null && bindOf.get(r.seq()) != null) {
                    bindOf.get(r.seq()).open();
                }
            }
            case CloseComplete c -> complete(take(seq, t, Close.class), seq, t);
            case ParameterDescription pd -> {
                Request r = find(Describe.class);
                attach(r, seq, t);
                if (r != null && describeOf.get(r.seq()) instanceof StatementEntry s) {
                    s.described(pd.parameterTypes());
                }
            }
            case RowDescription rd -> {
                lastRowDescription = rd.fields();
                if (head != null && head.message() instanceof Describe) {
                    Request r = take(seq, t, Describe.class);
                    complete(r, seq, t);
                    describedColumns(r, rd.fields());
                } else {
                    attach(head, seq, t);
                }
            }
            case NoData n -> {
                Request r = take(seq, t, Describe.class);
                complete(r, seq, t);
                describedColumns(r, List.of());
            }
            case DataRow d -> {
                attach(head, seq, t);
                if (head != null) {
                    head.row();
                    PortalEntry p = executeOf.get(head.seq());
                    if (p != null) {
                        p.row();
                    }
                }
            }
            case CommandComplete c -> {
                endCopy();
                if (head != null && head.message() instanceof Execute) {
                    Request r = take(seq, t, Execute.class);
                    complete(r, seq, t);
                    PortalEntry p = executeOf.get(r.seq());
                    if (p != null) {
                        p.completed();
                    }
                    commandEffects(r, c.tag(), t);
                } else {
                    attach(head, seq, t);
                    if (head != null) {
                        commandEffects(head, c.tag(), t);
                    }
                }
            }
            case EmptyQueryResponse e -> {
                if (head != null && head.message() instanceof Execute) {
                    complete(take(seq, t, Execute.class), seq, t);
                } else {
                    attach(head, seq, t);
                }
            }
            case PortalSuspended s -> {
                Request r = take(seq, t, Execute.class);
                complete(r, seq, t);
                if (r != null && executeOf.get(r.seq()) != null) {
                    executeOf.get(r.seq()).suspended(r.seq());
                }
            }
            case CopyInResponse c -> {
                attach(head, seq, t);
                phase = Phase.COPY_IN;
                clientCopy = new CopyIn(head == null ? -1 : head.seq(), seq, c.overallFormat());
                if (retainHistory) {
                    copies.add(clientCopy);
                }
            }
            case CopyOutResponse c -> {
                attach(head, seq, t);
                phase = Phase.COPY_OUT;
            }
            case CopyBothResponse c -> {
                attach(head, seq, t);
                phase = Phase.COPY_BOTH;
            }
            case ErrorResponse e -> error(seq, t, e, head);
            case NotificationResponse n -> { } // asynchronous: answers nothing
            default -> attach(head, seq, t); // NoticeResponse, ParameterStatus, CopyData, FunctionCallResponse...
        }
    }

    private void negotiated(Request r, long seq, long t, char answer, String kind) {
        complete(r, seq, t);
        if (r != null && retainHistory) {
            negotiations.add(new Negotiation(r.seq(), seq, answer, kind));
        }
    }

    private void authentication(long seq, long t, Authentication a) {
        switch (a) {
            case AuthenticationSASL s -> authMethod = "SASL " + String.join(", ", s.mechanisms());
            case AuthenticationMD5Password x -> authMethod = "MD5 password";
            case AuthenticationCleartextPassword x -> authMethod = "cleartext password";
            case AuthenticationGSS x -> authMethod = "GSSAPI";
            case AuthenticationSSPI x -> authMethod = "SSPI";
            case AuthenticationOk x -> {
                if (authMethod.isEmpty()) {
                    authMethod = "none (trust)";
                }
            }
            default -> { }
        }
        Request answer = find(AuthenticationResponse.class);
        if (answer != null) {
            pending.remove(answer);
            complete(answer, seq, t);
        } else {
            attach(pending.peekFirst(), seq, t);
        }
        phase = a instanceof AuthenticationOk ? Phase.AUTHENTICATED : Phase.AUTHENTICATION;
    }

    private void describedColumns(Request r, List<RowField> fields) {
        if (r == null) {
            return;
        }
        Object target = describeOf.get(r.seq());
        if (target instanceof StatementEntry s) {
            s.columns(fields);
        } else if (target instanceof PortalEntry p) {
            p.describedColumns(fields);
        }
    }

    private void endCopy() {
        if (phase == Phase.COPY_IN || phase == Phase.COPY_OUT || phase == Phase.COPY_BOTH) {
            Request head = pending.peekFirst();
            phase = head != null && head.message() instanceof Query ? Phase.SIMPLE_QUERY : Phase.EXTENDED_QUERY;
        }
    }

    /** What a completed command did to statements, portals and the schema, told by its tag. */
    private void commandEffects(Request r, String tag, long t) {
        String sql = switch (r.message()) {
            case Query q -> q.sql();
            case Execute e -> {
                PortalEntry p = executeOf.get(r.seq());
                yield p != null && p.statement() != null ? p.statement().query() : "";
            }
            default -> "";
        };
        switch (tag) {
            case "DISCARD ALL" -> {
                registry.closeAllStatements(r.seq(), "DISCARD ALL");
                registry.closeAllPortals(r.seq(), "DISCARD ALL");
            }
            case "DEALLOCATE ALL" -> registry.closeAllStatements(r.seq(), "DEALLOCATE ALL");
            case "DEALLOCATE" -> nthName(DEALLOCATE, sql, r.deallocatesSeen++)
                    .ifPresent(name -> {
                        if (registry.closeStatement(name, r.seq(), "DEALLOCATE").isEmpty() && startupSeq < 0) {
                            registry.closedUnseen(name, r.seq(), "DEALLOCATE"); // prepared before the recording began
                        }
                    });
            case "PREPARE" -> nthName(PREPARE, sql.replaceAll("(?i)\\bDEALLOCATE\\s+PREPARE\\b", ""), 0)
                    .ifPresent(name -> registry.parse(name, r.seq(), sql, List.of(), true).activate());
            default -> {
                if (SCHEMA_TAG.matcher(tag).matches()) {
                    schemaChanges.add(new SchemaChange(connectionId, r.seq(), tag, t));
                }
            }
        }
    }

    /** The n-th SQL name {@code p} finds in {@code sql}, unquoted names folded to lower case as the server does. */
    static Optional<String> nthName(Pattern p, String sql, int n) {
        Matcher m = p.matcher(sql);
        for (int i = 0; m.find(); i++) {
            if (i == n) {
                String raw = m.group(1);
                return Optional.of(raw.startsWith("\"") ? raw.substring(1, raw.length() - 1).replace("\"\"", "\"")
                        : raw.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private void readyForQuery(long seq, long t, ReadyForQuery rfq) {
        Request answered = null;
        for (Iterator<Request> it = pending.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.message() instanceof Sync || r.message() instanceof Query || r.message() instanceof FunctionCall
                    || r.message() instanceof StartupMessage) {
                answered = r;
                break;
            }
        }
        if (answered != null) {
            while (pending.peekFirst() != answered) {
                pending.pollFirst().unanswered();
            }
            pending.pollFirst();
            complete(answered, seq, t);
        }
        transactionStatus = rfq.transactionStatus();
        readyMarks.add(new ReadyMark(seq, t, transactionStatus));
        if (transactionStatus == 'I') {
            registry.closeAllPortals(seq, "transaction end");
        } else if (transactionStatus == 'E') {
            registry.closeAllPortals(seq, "failed transaction");
        }
        if (transactionStatus != 'E') {
            firstTransactionError = -1;
        }
        if (phase != Phase.TERMINATED) {
            phase = pending.isEmpty() ? Phase.READY : Phase.EXTENDED_QUERY;
        }
        if (roundTripStartSeq >= 0) {
            roundTrips.add(new RoundTrip(roundTripStartSeq, seq, roundTripRequests, roundTripStartNanos, t));
            roundTripStartSeq = -1;
        }
        if (!retainHistory) {
            forgetFinished();
        } else if (historyLimit > 0 && requests.size() > historyLimit + historyLimit / 4) {
            forgetBefore(requests.get(requests.size() - historyLimit).seq());
        }
    }

    /**
     * Keeps the full history of only the last {@code requests} requests (0: all), for a connection
     * followed for days: older finished requests, their pairing, statements and portals that ended
     * before them, errors and round trips are forgotten in batches; {@link #forgottenBefore()} says
     * where the kept history starts.
     */
    public void historyLimit(int requests) {
        historyLimit = requests;
    }

    /** The first frame whose history is kept, when older history was forgotten ({@link #historyLimit}); else -1. */
    public long forgottenBefore() {
        return forgottenBefore;
    }

    /** Forgets what ended before frame {@code cut} (what is still waited for stays). */
    private void forgetBefore(long cut) {
        java.util.Set<Long> waiting = new java.util.HashSet<>();
        pending.forEach(r -> waiting.add(r.seq()));
        java.util.function.Predicate<Long> gone = k -> k < cut && !waiting.contains(k);
        requests.removeIf(r -> gone.test(r.seq()));
        requestBySeq.keySet().removeIf(gone);
        for (Map<Long, ?> m : List.of(parseOf, bindOf, executeOf, describeOf, closeOf, errorRequest)) {
            m.keySet().removeIf(gone);
        }
        errors.keySet().removeIf(k -> k < cut && k != firstTransactionError);
        errorEvents.removeIf(e -> e.seq() < cut && e.seq() != firstTransactionError);
        roundTrips.removeIf(r -> r.readySeq() < cut);
        schemaChanges.removeIf(c -> c.requestSeq() < cut);
        readyMarks.removeIf(r -> r.seq() < cut);
        copies.removeIf(c -> c.responseSeq() < cut && c != clientCopy);
        int firstKept = 0;
        while (firstKept + 1 < phaseChanges.size() && phaseChanges.get(firstKept + 1).seq() < cut) {
            firstKept++;
        }
        if (firstKept > 0) {
            phaseChanges.subList(0, firstKept).clear();
        }
        replyTo.forgetBefore(cut);
        registry.forgetEndedBefore(cut);
        forgottenBefore = cut;
    }

    /** The round trip a ReadyForQuery ended, if frame {@code seq} is one. */
    public Optional<RoundTrip> roundTripEndingAt(long seq) {
        int lo = 0;
        int hi = roundTrips.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (roundTrips.get(mid).readySeq() < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < roundTrips.size() && roundTrips.get(lo).readySeq() == seq ? Optional.of(roundTrips.get(lo)) : Optional.empty();
    }

    /** Keeps only what is alive or still waited for (see the constructor). */
    private void forgetFinished() {
        java.util.Set<Long> waiting = new java.util.HashSet<>();
        pending.forEach(r -> waiting.add(r.seq()));
        requests.removeIf(r -> !waiting.contains(r.seq()));
        requestBySeq.keySet().retainAll(waiting);
        for (Map<Long, ?> m : List.of(parseOf, bindOf, executeOf, describeOf, closeOf, errorRequest)) {
            m.keySet().retainAll(waiting);
        }
        errors.keySet().removeIf(k -> k != firstTransactionError);
        errorEvents.removeIf(e -> e.seq() != firstTransactionError);
        roundTrips.clear();
        schemaChanges.clear();
        readyMarks.clear();
        if (phaseChanges.size() > 1) {
            PhaseChange last = phaseChanges.get(phaseChanges.size() - 1);
            phaseChanges.clear();
            phaseChanges.add(last);
        }
        registry.forgetEnded();
    }

    private void error(long seq, long t, ErrorResponse e, Request head) {
        errors.put(seq, e);
        Phase before = phase;
        endCopy();
        if (head != null && head.message() instanceof StartupMessage) {
            Request answer = find(AuthenticationResponse.class);
            if (answer != null) { // the password or SASL step was refused: that is the request the error answers
                head.fail(seq);
                pending.remove(head);
                head = answer;
            }
        }
        if (head != null) {
            head.reply(seq, t);
            pair(seq, head.seq());
            head.fail(seq);
            errorRequest.put(seq, head.seq());
            FrontendMessage m = head.message();
            if (isExtended(m) && !(m instanceof Sync)) {
                pending.pollFirst();
                undo(head, StatementEntry.State.FAILED, PortalEntry.State.FAILED, seq);
                while (!pending.isEmpty() && !(pending.peekFirst().message() instanceof Sync)) {
                    Request s = pending.pollFirst();
                    s.skip(seq);
                    undo(s, StatementEntry.State.SKIPPED, PortalEntry.State.SKIPPED, seq);
                }
                skipError = seq;
                if (pending.isEmpty()) {
                    skipping = true;
                    phase = Phase.SKIPPING_UNTIL_SYNC;
                }
            } else if (m instanceof AuthenticationResponse) {
                pending.remove(head);
            }
        }
        errorEvents.add(new ErrorEvent(seq, t, e, head == null ? -1 : head.seq(), firstTransactionError, before));
        if (isFatal(e)) {
            phase = Phase.TERMINATED;
            if (serverEndedSeq < 0) {
                serverEndedSeq = seq;
            }
            for (Request r : pending) { // sent behind the request the FATAL answered: the server never read them
                if (r.status() == Request.Status.PENDING && r != head) {
                    r.notExecuted(seq);
                }
            }
            pending.removeIf(r -> r.status() == Request.Status.NOT_EXECUTED);
        }
        if (firstTransactionError < 0) {
            firstTransactionError = seq;
        }
    }

    /** A Parse, Bind or Close that never took effect: the registry forgets it. */
    private void undo(Request r, StatementEntry.State statementState, PortalEntry.State portalState, long error) {
        StatementEntry s = parseOf.get(r.seq());
        if (s != null) {
            registry.parseUndone(s, statementState, error);
        }
        PortalEntry p = bindOf.get(r.seq());
        if (p != null) {
            registry.bindUndone(p, portalState, error);
        }
        Object closed = closeOf.get(r.seq());
        if (closed instanceof StatementEntry cs && cs.endSeq() == r.seq()) {
            cs.reopen();
        } else if (closed instanceof PortalEntry cp && cp.endSeq() == r.seq()) {
            cp.reopen();
        }
    }

    private Request find(Class<? extends FrontendMessage> type) {
        for (Request r : pending) {
            if (type.isInstance(r.message())) {
                return r;
            }
        }
        return null;
    }

    /** Removes and returns the oldest pending request of this type (normally the head). */
    private Request take(long seq, long t, Class<? extends FrontendMessage> type) {
        Request r = find(type);
        if (r != null) {
            pending.remove(r);
        }
        return r;
    }

    private void complete(Request r, long seq, long t) {
        if (r == null) {
            return;
        }
        r.reply(seq, t);
        pair(seq, r.seq());
        r.done();
    }

    private void attach(Request r, long seq, long t) {
        if (r != null) {
            r.reply(seq, t);
            pair(seq, r.seq());
        }
    }

    /** Remembers which request a frame answers (or belongs to); not kept without history. */
    private void pair(long seq, long requestSeq) {
        if (retainHistory) {
            replyTo.set(seq, requestSeq);
        }
    }

    /**
     * The connection (or its recording) ended: requests never answered are marked, requests never
     * followed by Sync or Flush are diagnosed, the statements and portals end with the session.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        for (Held h : List.copyOf(early)) {
            reply(h.seq(), h.timeNanos(), h.message()); // never claimed: an asynchronous error, or a lost request
        }
        early.clear();
        for (Request r : pending) {
            r.unanswered();
        }
        pending.clear();
        registry.closeAllPortals(lastSeq, "end of session");
        registry.closeAllStatements(lastSeq, "end of session");
        phase = Phase.TERMINATED;
        notePhase(lastSeq);
    }
}
