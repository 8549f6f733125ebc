package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.message.Authentication;
import dev.pgwb.protocol.message.AuthenticationCleartextPassword;
import dev.pgwb.protocol.message.AuthenticationGSS;
import dev.pgwb.protocol.message.AuthenticationGSSContinue;
import dev.pgwb.protocol.message.AuthenticationMD5Password;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.AuthenticationSASLContinue;
import dev.pgwb.protocol.message.AuthenticationSSPI;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyBothResponse;
import dev.pgwb.protocol.message.CopyInResponse;
import dev.pgwb.protocol.message.CopyOutResponse;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

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
    private final Conversation conversation;
    /** What the decoder last asked the conversation, and the answers: all a frozen copy knows of it. */
    private String askedStatement;
    private List<Integer> askedTypes = List.of();
    private List<RowField> askedColumns = List.of();

    public ConnectionState() {
        this(new Conversation());
    }

    /** A state whose statements, portals and pairing are kept by {@code conversation} (fed by {@link #advance}). */
    public ConnectionState(Conversation conversation) {
        this.conversation = conversation;
    }

    /**
     * The conversation replayed so far: statements, portals, pairing; the decoder asks it for value
     * types. Null in a {@link #frozenCopy()}.
     */
    public Conversation conversation() {
        return conversation;
    }

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
        if (conversation == null) {
            return statement.equals(askedStatement) ? askedTypes : List.of();
        }
        askedStatement = statement;
        askedTypes = conversation.parameterTypes(statement);
        return askedTypes;
    }

    /**
     * The column descriptions, with their real formats, that apply to the next DataRow: the running
     * portal's (from its statement or its own Describe and its Bind's result formats), else the
     * last RowDescription.
     */
    public List<RowField> rowDescription() {
        if (conversation != null) {
            askedColumns = conversation.resultColumns();
        }
        return askedColumns;
    }

    /** The format code of DataRow column {@code i}. */
    public int columnFormat(int i) {
        List<RowField> cols = rowDescription();
        return i < cols.size() ? cols.get(i).format() : 0;
    }

    /**
     * A copy that decodes the frame just decoded with this state the same way again, later, and
     * without the conversation: the facts above as they were, and the answers the conversation gave
     * the decoder (a Bind's parameter types, a DataRow's columns). Take it after decoding a frame
     * and before {@link #advance}. Viewers keep one per frame (consecutive equal ones shared, see
     * {@link #decodesLike}) and so decode any frame on demand without replaying its connection.
     * Advancing a frozen copy moves only its own facts.
     */
    public ConnectionState frozenCopy() {
        ConnectionState c = new ConnectionState((Conversation) null);
        c.protocolVersion = protocolVersion;
        c.clientEncoding = clientEncoding;
        c.charset = charset;
        c.replication = replication;
        c.auth = auth;
        c.copy = copy;
        c.negotiation = negotiation;
        c.askedStatement = askedStatement;
        c.askedTypes = askedTypes;
        c.askedColumns = askedColumns;
        return c;
    }

    /** True when {@code other} decodes every frame as this state does (same facts, the very same answers). */
    public boolean decodesLike(ConnectionState other) {
        return other != null && protocolVersion == other.protocolVersion && charset.equals(other.charset)
                && clientEncoding.equals(other.clientEncoding) && replication == other.replication && auth == other.auth
                && copy == other.copy && negotiation == other.negotiation
                && java.util.Objects.equals(askedStatement, other.askedStatement)
                && askedTypes == other.askedTypes && askedColumns == other.askedColumns;
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
            case ReadyForQuery r -> copy = CopyMode.NONE;
            default -> { }
        }
        if (conversation != null) {
            conversation.accept(decoded.frame(), m);
        }
    }

    private void setClientEncoding(String pgEncoding) {
        PgEncodings.charset(pgEncoding).ifPresent(cs -> {
            clientEncoding = pgEncoding;
            charset = cs;
        });
    }
}
