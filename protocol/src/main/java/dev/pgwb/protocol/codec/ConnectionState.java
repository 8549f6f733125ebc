package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Authentication;
import dev.pgwb.protocol.message.AuthenticationCleartextPassword;
import dev.pgwb.protocol.message.AuthenticationGSS;
import dev.pgwb.protocol.message.AuthenticationGSSContinue;
import dev.pgwb.protocol.message.AuthenticationMD5Password;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.AuthenticationSASLContinue;
import dev.pgwb.protocol.message.AuthenticationSSPI;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyBothResponse;
import dev.pgwb.protocol.message.CopyInResponse;
import dev.pgwb.protocol.message.CopyOutResponse;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NoData;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the decoder must know about one connection to read ambiguous bytes: the protocol version,
 * the authentication exchange under way (for the {@code 'p'} family), the client encoding, COPY and
 * replication mode, and enough of the extended-query conversation to decode values by type.
 * Advanced by {@link #advance(Decoded)} after each message, in arrival order.
 */
public final class ConnectionState {

    /** Which {@code 'p'} message the client sends next, following the server's last Authentication request. */
    public enum AuthExpectation { UNKNOWN, PASSWORD, SASL_INITIAL, SASL_RESPONSE, GSS_RESPONSE, DONE }

    public enum CopyMode { NONE, IN, OUT, BOTH }

    /** Which request a one-byte server answer replies to. */
    public enum Negotiation { NONE, SSL, GSS }

    private int protocolVersion;
    private String clientEncoding = "UTF8";
    private Charset charset = StandardCharsets.UTF_8;
    private boolean replication;
    private AuthExpectation auth = AuthExpectation.UNKNOWN;
    private CopyMode copy = CopyMode.NONE;
    private Negotiation negotiation = Negotiation.NONE;
    private final Map<String, List<Integer>> statementParameterTypes = new HashMap<>();
    private final Deque<Character> pendingDescribes = new ArrayDeque<>();
    private List<RowField> rowDescription = List.of();
    private boolean rowDescriptionFromStatement;
    private List<Integer> lastBindResultFormats = List.of();

    /** Protocol version as {@code major << 16 | minor}; 0 until a StartupMessage was seen. */
    public int protocolVersion() {
        return protocolVersion;
    }

    public String clientEncoding() {
        return clientEncoding;
    }

    /** The charset for text on this connection (client_encoding; UTF-8 until told otherwise). */
    public Charset charset() {
        return charset;
    }

    public boolean replication() {
        return replication;
    }

    public AuthExpectation auth() {
        return auth;
    }

    public CopyMode copy() {
        return copy;
    }

    public Negotiation negotiation() {
        return negotiation;
    }

    /** Parameter type OIDs a statement was parsed with ({@code ""} is the unnamed one); empty when unknown. */
    public List<Integer> statementParameterTypes(String statement) {
        return statementParameterTypes.getOrDefault(statement, List.of());
    }

    /** The column descriptions that apply to DataRow now (from the last RowDescription). */
    public List<RowField> rowDescription() {
        return rowDescription;
    }

    /** The format code of DataRow column {@code i}: the portal's Bind decides when the description came from a statement. */
    public int columnFormat(int i) {
        if (rowDescriptionFromStatement) {
            List<Integer> f = lastBindResultFormats;
            return f.isEmpty() ? 0 : f.size() == 1 ? f.get(0) : i < f.size() ? f.get(i) : 0;
        }
        return i < rowDescription.size() ? rowDescription.get(i).format() : 0;
    }

    /**
     * An independent copy of this state: viewers keep one every few hundred frames so that any
     * frame can be decoded again from the nearest copy instead of from the connection's start.
     */
    public ConnectionState snapshot() {
        ConnectionState c = new ConnectionState();
        c.protocolVersion = protocolVersion;
        c.clientEncoding = clientEncoding;
        c.charset = charset;
        c.replication = replication;
        c.auth = auth;
        c.copy = copy;
        c.negotiation = negotiation;
        c.statementParameterTypes.putAll(statementParameterTypes);
        c.pendingDescribes.addAll(pendingDescribes);
        c.rowDescription = rowDescription;
        c.rowDescriptionFromStatement = rowDescriptionFromStatement;
        c.lastBindResultFormats = lastBindResultFormats;
        return c;
    }

    // --- setters for callers that know the context (one-direction decoding, tests) ---

    public ConnectionState withClientEncoding(String pgEncoding) {
        setClientEncoding(pgEncoding);
        return this;
    }

    public ConnectionState withAuth(AuthExpectation expectation) {
        this.auth = expectation;
        return this;
    }

    public ConnectionState withReplicationCopy() {
        this.replication = true;
        this.copy = CopyMode.BOTH;
        return this;
    }

    public ConnectionState withNegotiation(Negotiation pending) {
        this.negotiation = pending;
        return this;
    }

    public ConnectionState withProtocolVersion(int version) {
        this.protocolVersion = version;
        return this;
    }

    /** Moves the state past one decoded message. */
    public void advance(Decoded decoded) {
        Message m = decoded.message();
        switch (m) {
            case StartupMessage s -> {
                protocolVersion = s.protocolVersion();
                negotiation = Negotiation.NONE;
                for (StartupParameter p : s.parameters()) {
                    switch (p.name()) {
                        case "client_encoding" -> setClientEncoding(p.value());
                        case "replication" -> replication = !List.of("false", "off", "no", "0")
                                .contains(p.value().toLowerCase(Locale.ROOT));
                        default -> { }
                    }
                }
            }
            case SSLRequest s -> negotiation = Negotiation.SSL;
            case GSSENCRequest g -> negotiation = Negotiation.GSS;
            case NegotiateProtocolVersion n -> protocolVersion = n.newestMinorVersion() > 0xffff
                    ? n.newestMinorVersion() // what PostgreSQL really sends: the whole version code
                    : (3 << 16) | n.newestMinorVersion();
            case Authentication a -> auth = switch (a) {
                case AuthenticationCleartextPassword x -> AuthExpectation.PASSWORD;
                case AuthenticationMD5Password x -> AuthExpectation.PASSWORD;
                case AuthenticationSASL x -> AuthExpectation.SASL_INITIAL;
                case AuthenticationSASLContinue x -> AuthExpectation.SASL_RESPONSE;
                case AuthenticationGSS x -> AuthExpectation.GSS_RESPONSE;
                case AuthenticationSSPI x -> AuthExpectation.GSS_RESPONSE;
                case AuthenticationGSSContinue x -> AuthExpectation.GSS_RESPONSE;
                default -> AuthExpectation.DONE;
            };
            case ParameterStatus p when p.name().equals("client_encoding") -> setClientEncoding(p.value());
            case CopyInResponse c -> copy = CopyMode.IN;
            case CopyOutResponse c -> copy = CopyMode.OUT;
            case CopyBothResponse c -> copy = CopyMode.BOTH;
            case CommandComplete c -> copy = CopyMode.NONE;
            case ErrorResponse e -> copy = CopyMode.NONE;
            case ReadyForQuery r -> {
                copy = CopyMode.NONE;
                pendingDescribes.clear();
            }
            case Parse p -> statementParameterTypes.put(p.statement(), p.parameterTypes());
            case Bind b -> lastBindResultFormats = b.resultFormats();
            case Describe d -> pendingDescribes.addLast(d.target());
            case Query q -> pendingDescribes.clear();
            case Sync s -> { }
            case RowDescription r -> {
                rowDescription = r.fields();
                Character target = pendingDescribes.pollFirst();
                rowDescriptionFromStatement = target != null && target == 'S';
            }
            case NoData n -> pendingDescribes.pollFirst();
            default -> { }
        }
    }

    private void setClientEncoding(String pgEncoding) {
        PgEncodings.charset(pgEncoding).ifPresent(cs -> {
            clientEncoding = pgEncoding;
            charset = cs;
        });
    }
}
