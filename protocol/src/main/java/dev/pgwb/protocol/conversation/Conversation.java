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
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.ParameterDescription;
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
    private final List<Diagnosis> diagnoses = new ArrayList<>();
    private final List<RoundTrip> roundTrips = new ArrayList<>();
    private final List<SchemaChange> schemaChanges = new ArrayList<>();
    private final Map<String, String> startupParameters = new LinkedHashMap<>();
    private final Map<String, Integer> messageCounts = new LinkedHashMap<>();
    private final List<Long> skippedSinceError = new ArrayList<>();
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
    private boolean warnedAfterTerminate;
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
    private Phase phaseAtError = Phase.STARTUP;
    private long lastSeq = -1;
    private long lastNanos;
    private long bytesFromClient;
    private long bytesFromServer;
    private boolean finished;

    private final boolean retainHistory;

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

    public List<Diagnosis> diagnoses() {
        return Collections.unmodifiableList(diagnoses);
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
    long outOfTurnSeq() {
        return outOfTurnSeq;
    }

    String outOfTurnType() {
        return outOfTurnType;
    }

    /** The last CopyFail the client sent, or -1. */
    long copyFailSeq() {
        return copyFailSeq;
    }

    CopyFail copyFail() {
        return copyFail;
    }

    /** The phase the connection was in when its latest ErrorResponse came (before the error ended COPY or the session). */
    Phase phaseAtError() {
        return phaseAtError;
    }

    public long lastNanos() {
        return lastNanos;
    }

    /** The first error of the transaction now open, or -1. */
    long firstTransactionError() {
        return firstTransactionError;
    }

    Map<Long, StatementEntry> parseOf() {
        return parseOf;
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
            bytesFromClient += frame.length();
            if (message instanceof FrontendMessage f) {
                frontend(seq, t, f);
            }
        } else {
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
        frontendMessage(seq, t, m);
        drainEarly();
    }

    private void frontendMessage(long seq, long t, FrontendMessage m) {
        if (terminateSeq >= 0 && !warnedAfterTerminate) {
            warnedAfterTerminate = true;
            warn("after-terminate", "", seq, List.of(ref(terminateSeq, "Terminate"), ref(seq, m.typeName() + " after it")),
                    m.typeName() + " at #" + seq + " was sent after Terminate at #" + terminateSeq
                            + "; the server closes the connection on Terminate and never reads it.",
                    "Send nothing after Terminate; if the client reuses the connection object, it must open a new connection.");
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
                if (p.statement().isEmpty()) {
                    warnUnnamedReplacedUnderPortal(seq);
                }
                parseOf.put(seq, registry.parse(p.statement(), seq, p.query(), p.parameterTypes(), false));
            }
            case Bind b -> {
                newRequest(seq, t, m);
                phase = Phase.EXTENDED_QUERY;
                StatementEntry s = registry.statement(b.statement()).orElse(null);
                if (s != null) {
                    s.use(seq);
                    checkBindCounts(seq, b, s);
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
                    registry.closeStatement(c.name(), seq, "Close").ifPresent(s -> closeOf.put(seq, s));
                } else {
                    registry.closePortal(c.name(), seq, "Close").ifPresent(p -> closeOf.put(seq, p));
                }
            }
            case Sync s -> {
                newRequest(seq, t, m);
                lastSyncOrFlushSeq = seq;
                if (skipping) {
                    skipping = false;
                    reportSkipped();
                }
            }
            case Flush f -> lastSyncOrFlushSeq = seq;
            case Terminate x -> {
                if (terminateSeq < 0) {
                    terminateSeq = seq;
                }
                phase = Phase.TERMINATED;
            }
            case CopyData d -> partOfRunning(seq);
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
        skippedSinceError.add(seq);
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
            case SSLResponse r -> complete(take(seq, t, SSLRequest.class), seq, t);
            case GSSENCResponse r -> complete(take(seq, t, GSSENCRequest.class), seq, t);
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
                    executeOf.get(r.seq()).suspended();
                }
            }
            case CopyInResponse c -> {
                attach(head, seq, t);
                phase = Phase.COPY_IN;
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
                    .ifPresent(name -> registry.closeStatement(name, r.seq(), "DEALLOCATE"));
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
        }
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
        roundTrips.clear();
        schemaChanges.clear();
        diagnoses.clear();
        if (phaseChanges.size() > 1) {
            PhaseChange last = phaseChanges.get(phaseChanges.size() - 1);
            phaseChanges.clear();
            phaseChanges.add(last);
        }
        registry.forgetEnded();
    }

    private void error(long seq, long t, ErrorResponse e, Request head) {
        errors.put(seq, e);
        phaseAtError = phase;
        endCopy();
        int explanationAt = diagnoses.size(); // the error's explanation goes before the warnings it causes
        List<Long> skippedNow = new ArrayList<>();
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
                    skippedNow.add(s.seq());
                }
                skippedSinceError.clear();
                skippedSinceError.addAll(skippedNow);
                skipError = seq;
                if (pending.isEmpty()) {
                    skipping = true;
                    phase = Phase.SKIPPING_UNTIL_SYNC;
                } else {
                    reportSkipped();
                }
            } else if (m instanceof AuthenticationResponse) {
                pending.remove(head);
            }
        }
        boolean fatal = "FATAL".equals(e.severity()) || "PANIC".equals(e.severity());
        if (fatal) {
            phase = Phase.TERMINATED;
        }
        diagnoses.add(explanationAt, ErrorExplainer.explain(this, seq, e, head));
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

    private void reportSkipped() {
        if (skippedSinceError.isEmpty()) {
            return;
        }
        List<FrameRef> frames = new ArrayList<>();
        frames.add(ref(skipError, "the error"));
        StringBuilder list = new StringBuilder();
        for (long s : skippedSinceError) {
            Request r = requestBySeq.get(s);
            String what = r == null ? "message" : r.typeName();
            frames.add(ref(s, what + " skipped"));
            list.append(list.isEmpty() ? "" : ", ").append(what).append(" #").append(s);
        }
        Request failed = requestFailedBy(skipError).orElse(null);
        warn("pipeline-continued-after-error", "", skipError, frames,
                "After the error at #" + skipError + (failed == null ? "" : " (to " + failed.typeName() + " #" + failed.seq() + ")")
                        + " the server skipped every message until Sync: " + list + ". They had no effect.",
                "Read the error before relying on what followed it in the pipeline; statements and portals those messages "
                        + "would have made do not exist.");
        skippedSinceError.clear();
    }

    private void checkBindCounts(long seq, Bind b, StatementEntry s) {
        int n = b.parameters().size();
        String why = null;
        if (s.describedTypes() != null && s.describedTypes().size() != n) {
            why = "supplies " + n + " parameter(s), but " + s.displayName() + " takes " + s.describedTypes().size()
                    + " (ParameterDescription)";
        } else if (s.describedTypes() == null && n < s.declaredTypes().size()) {
            why = "supplies " + n + " parameter(s), but the Parse of " + s.displayName() + " declared "
                    + s.declaredTypes().size() + " parameter type(s)";
        }
        int f = b.parameterFormats().size();
        if (f > 1 && f != n) {
            why = (why == null ? "" : why + "; it also ") + "gives " + f + " parameter format codes for " + n
                    + " parameters (must be 0, 1, or one per parameter)";
        }
        if (why != null) {
            warn("bind-count-mismatch", s.name(), seq, List.of(ref(seq, "Bind"), ref(s.parseSeq(), "Parse of " + s.name())),
                    "The Bind at #" + seq + " " + why + ", parsed at #" + s.parseSeq() + ". The server will refuse it (08P01).",
                    "Bind exactly as many parameters as the statement has, with 0, 1 or one format code per parameter.");
        }
    }

    private void warnUnnamedReplacedUnderPortal(long seq) {
        registry.statement("").ifPresent(old -> {
            for (PortalEntry p : registry.livePortals()) {
                if (p.statement() == old && (p.state() == PortalEntry.State.OPEN || p.state() == PortalEntry.State.SUSPENDED
                        || p.state() == PortalEntry.State.PENDING)) {
                    warn("unnamed-replaced-under-portal", p.name(), seq,
                            List.of(ref(seq, "unnamed Parse"), ref(old.parseSeq(), "Parse of the replaced statement"),
                                    ref(p.bindSeq(), "Bind of " + p.displayName())),
                            "The Parse at #" + seq + " replaces the unnamed statement (parsed at #" + old.parseSeq() + ") while "
                                    + p.displayName() + " bound from it at #" + p.bindSeq() + " is still open. The portal keeps "
                                    + "running its own plan, but the statement it came from can no longer be described or bound.",
                            "Finish or close the portal before re-parsing the unnamed statement, or use a named statement.");
                }
            }
        });
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

    FrameRef ref(long seq, String role) {
        return new FrameRef(connectionId, seq, role);
    }

    private void warn(String code, String subject, long seq, List<FrameRef> frames, String explanation, String advice) {
        diagnoses.add(new Diagnosis(Diagnosis.Severity.WARNING, code, "", connectionId, seq, subject, frames, explanation, advice));
    }

    /** Replaces a diagnosis (by identity) with a better one: used by session-wide analysis that knows more. */
    public void replaceDiagnosis(Diagnosis old, Diagnosis better) {
        int i = diagnoses.indexOf(old);
        if (i >= 0) {
            diagnoses.set(i, better);
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
        reportSkipped();
        List<FrameRef> unflushed = new ArrayList<>();
        for (Request r : pending) {
            FrontendMessage m = r.message();
            if (r.seq() > lastSyncOrFlushSeq && isExtended(m) && !(m instanceof Sync) && r.replies().isEmpty()) {
                unflushed.add(ref(r.seq(), r.typeName() + " never flushed"));
            }
            r.unanswered();
        }
        if (!unflushed.isEmpty()) {
            FrameRef first = unflushed.get(0);
            StringBuilder list = new StringBuilder();
            for (FrameRef f : unflushed) {
                list.append(list.isEmpty() ? "" : ", ").append(requestBySeq.get(f.seq()).typeName()).append(" #").append(f.seq());
            }
            warn("execute-without-sync", "", first.seq(), unflushed,
                    "No Sync or Flush followed " + list + ", so the server kept the answers in its output buffer and never "
                            + "sent them: the client waits forever" + (terminateSeq >= 0 ? " (it gave up and sent Terminate at #"
                            + terminateSeq + ")" : "") + ".",
                    "End every batch of extended-query messages with Sync (or Flush, to get the answers without ending the "
                            + "implicit transaction).");
        }
        pending.clear();
        registry.closeAllPortals(lastSeq, "end of session");
        registry.closeAllStatements(lastSeq, "end of session");
        phase = Phase.TERMINATED;
        notePhase(lastSeq);
    }
}
