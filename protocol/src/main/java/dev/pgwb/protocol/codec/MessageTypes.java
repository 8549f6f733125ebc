package dev.pgwb.protocol.codec;

import static dev.pgwb.protocol.codec.MessageType.Family.ASYNC;
import static dev.pgwb.protocol.codec.MessageType.Family.COPY;
import static dev.pgwb.protocol.codec.MessageType.Family.ERROR_NOTICE;
import static dev.pgwb.protocol.codec.MessageType.Family.EXTENDED_QUERY;
import static dev.pgwb.protocol.codec.MessageType.Family.REPLICATION;
import static dev.pgwb.protocol.codec.MessageType.Family.RESULTS;
import static dev.pgwb.protocol.codec.MessageType.Family.SIMPLE_QUERY;
import static dev.pgwb.protocol.codec.MessageType.Family.STARTUP_AUTH;
import static dev.pgwb.protocol.codec.MessageType.answer;
import static dev.pgwb.protocol.codec.MessageType.empty;
import static dev.pgwb.protocol.codec.MessageType.sharing;
import static dev.pgwb.protocol.codec.MessageType.standIn;
import static dev.pgwb.protocol.codec.MessageType.startup;
import static dev.pgwb.protocol.codec.MessageType.typed;
import static dev.pgwb.protocol.wire.Direction.BACKEND;
import static dev.pgwb.protocol.wire.Direction.FRONTEND;

import dev.pgwb.protocol.codec.MessageType.Family;
import dev.pgwb.protocol.codec.MessageType.Reader;
import dev.pgwb.protocol.message.*;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.StartupCodes;
import dev.pgwb.protocol.wire.TypeBytes;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every message type the codec knows, each described once by a {@link MessageType}: the one place
 * that knows type bytes, names, families, body decoders and encoders. The framer's and the capture
 * recogniser's type bytes ({@link #fixedLength}), the {@link Decoder}'s dispatch, the
 * {@link Encoder}, the name tables ({@link #name}, {@link #names}), the filter language and the
 * window's colours ({@link #family}) all read it.
 *
 * <p>To add a message type: its record in {@code dev.pgwb.protocol.message} (permitted by
 * {@code FrontendMessage} and/or {@code BackendMessage}), one entry in {@link #STANDARD} below, and
 * a vector in {@code MessageVectorsTest}; {@code MessageTypesTest} fails while a record has no entry
 * or an entry no vector.
 *
 * <p>A registry is immutable; {@link #with} and {@link #without} make new ones (tests use them to
 * show that a type added here alone is framed, decoded, encoded, named and filtered).
 */
public final class MessageTypes implements TypeBytes {

    private static final Reader AUTHENTICATION = Reader.typed('R', "Authentication", 0, BackendBodies::authentication, BACKEND);
    private static final Reader AUTHENTICATION_RESPONSE = Reader.typed('p', "PasswordMessage/SASL/GSS response", 0,
            FrontendBodies::authenticationResponse, FRONTEND);
    private static final Reader COPY_DATA = Reader.typed('d', "CopyData", 0,
            c -> c.direction() == FRONTEND ? FrontendBodies.copyData(c) : BackendBodies.copyData(c), FRONTEND, BACKEND);

    private static final MessageTypes STANDARD = new MessageTypes(List.of(
            // ------------------------------------------------------------ start-up phase: no type byte
            startup(Reader.ANY_CODE, StartupMessage.class, FrontendBodies::startup, FrontendBodies::writeStartup),
            startup(StartupCodes.SSL_REQUEST, SSLRequest.class, FrontendBodies::sslRequest, (m, w) -> w.int32(StartupCodes.SSL_REQUEST)),
            startup(StartupCodes.GSSENC_REQUEST, GSSENCRequest.class, FrontendBodies::gssEncRequest,
                    (m, w) -> w.int32(StartupCodes.GSSENC_REQUEST)),
            startup(StartupCodes.CANCEL_REQUEST, CancelRequest.class, FrontendBodies::cancelRequest,
                    (m, w) -> w.int32(StartupCodes.CANCEL_REQUEST).int32(m.processId()).bytes(m.secretKey())),
            answer(SSLResponse.class, (m, w) -> w.byte1(m.answer())),
            answer(GSSENCResponse.class, (m, w) -> w.byte1(m.answer())),
            // ------------------------------------------------------------ authentication
            sharing(AUTHENTICATION, AuthenticationOk.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationKerberosV5.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationCleartextPassword.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationMD5Password.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationGSS.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationGSSContinue.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationSSPI.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationSASL.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationSASLContinue.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION, AuthenticationSASLFinal.class, STARTUP_AUTH, BackendBodies::writeAuthentication),
            sharing(AUTHENTICATION_RESPONSE, PasswordMessage.class, STARTUP_AUTH, (m, w) -> w.cstring(m.password())),
            sharing(AUTHENTICATION_RESPONSE, SASLInitialResponse.class, STARTUP_AUTH, (m, w) -> w.cstring(m.mechanism()).value(m.data())),
            sharing(AUTHENTICATION_RESPONSE, SASLResponse.class, STARTUP_AUTH, (m, w) -> w.bytes(m.data())),
            sharing(AUTHENTICATION_RESPONSE, GSSResponse.class, STARTUP_AUTH, (m, w) -> w.bytes(m.data())),
            typed('K', BackendKeyData.class, STARTUP_AUTH, BackendBodies::backendKeyData,
                    (m, w) -> w.int32(m.processId()).bytes(m.secretKey())),
            typed('S', ParameterStatus.class, STARTUP_AUTH, BackendBodies::parameterStatus, (m, w) -> w.cstring(m.name()).cstring(m.value())),
            typed('v', NegotiateProtocolVersion.class, STARTUP_AUTH, BackendBodies::negotiate, BackendBodies::writeNegotiate),
            empty('X', Terminate::new, STARTUP_AUTH),
            // ------------------------------------------------------------ simple query
            typed('Q', Query.class, SIMPLE_QUERY, FrontendBodies::query, (m, w) -> w.cstring(m.sql())),
            empty('I', EmptyQueryResponse::new, SIMPLE_QUERY),
            // ------------------------------------------------------------ extended query
            typed('P', Parse.class, EXTENDED_QUERY, FrontendBodies::parse, FrontendBodies::writeParse),
            typed('B', Bind.class, EXTENDED_QUERY, FrontendBodies::bind, FrontendBodies::writeBind),
            typed('D', Describe.class, EXTENDED_QUERY, FrontendBodies::describe, (m, w) -> w.byte1(m.target()).cstring(m.name())),
            typed('E', Execute.class, EXTENDED_QUERY, FrontendBodies::execute, (m, w) -> w.cstring(m.portal()).int32(m.maxRows())),
            typed('C', Close.class, EXTENDED_QUERY, FrontendBodies::close, (m, w) -> w.byte1(m.target()).cstring(m.name())),
            empty('S', Sync::new, EXTENDED_QUERY),
            empty('H', Flush::new, EXTENDED_QUERY),
            empty('1', ParseComplete::new, EXTENDED_QUERY),
            empty('2', BindComplete::new, EXTENDED_QUERY),
            empty('3', CloseComplete::new, EXTENDED_QUERY),
            typed('t', ParameterDescription.class, EXTENDED_QUERY, BackendBodies::parameterDescription,
                    BackendBodies::writeParameterDescription),
            empty('n', NoData::new, EXTENDED_QUERY),
            empty('s', PortalSuspended::new, EXTENDED_QUERY),
            // ------------------------------------------------------------ results
            typed('T', RowDescription.class, RESULTS, BackendBodies::rowDescription, BackendBodies::writeRowDescription),
            typed('D', DataRow.class, RESULTS, BackendBodies::dataRow, BackendBodies::writeDataRow),
            typed('C', CommandComplete.class, RESULTS, BackendBodies::commandComplete, (m, w) -> w.cstring(m.tag())),
            sharing(Reader.typed('Z', "ReadyForQuery", 5, BackendBodies::readyForQuery, BACKEND), ReadyForQuery.class, RESULTS,
                    (m, w) -> w.byte1(m.transactionStatus())),
            typed('V', FunctionCallResponse.class, RESULTS, BackendBodies::functionCallResponse, (m, w) -> w.value(m.result())),
            // ------------------------------------------------------------ errors and notices
            typed('E', ErrorResponse.class, ERROR_NOTICE, BackendBodies::errorResponse, BackendBodies::writeNoticeFields),
            typed('N', NoticeResponse.class, ERROR_NOTICE, BackendBodies::noticeResponse, BackendBodies::writeNoticeFields),
            // ------------------------------------------------------------ asynchronous, function call
            typed('A', NotificationResponse.class, ASYNC, BackendBodies::notificationResponse,
                    (m, w) -> w.int32(m.processId()).cstring(m.channel()).cstring(m.payload())),
            typed('F', FunctionCall.class, ASYNC, FrontendBodies::functionCall, FrontendBodies::writeFunctionCall),
            // ------------------------------------------------------------ COPY
            typed('G', CopyInResponse.class, COPY, BackendBodies::copyInResponse,
                    (m, w) -> w.byte1(m.overallFormat()).int16List(m.columnFormats())),
            typed('H', CopyOutResponse.class, COPY, BackendBodies::copyOutResponse,
                    (m, w) -> w.byte1(m.overallFormat()).int16List(m.columnFormats())),
            typed('W', CopyBothResponse.class, COPY, BackendBodies::copyBothResponse,
                    (m, w) -> w.byte1(m.overallFormat()).int16List(m.columnFormats())),
            sharing(COPY_DATA, CopyData.class, COPY, (m, w) -> w.bytes(m.data())),
            empty('c', CopyDone::new, COPY),
            typed('f', CopyFail.class, COPY, FrontendBodies::copyFail, (m, w) -> w.cstring(m.message())),
            // ------------------------------------------------------------ streaming replication, inside CopyData
            sharing(COPY_DATA, XLogData.class, REPLICATION,
                    (m, w) -> w.byte1('w').int64(m.walStart()).int64(m.walEnd()).int64(m.serverTime()).bytes(m.data())),
            sharing(COPY_DATA, PrimaryKeepalive.class, REPLICATION,
                    (m, w) -> w.byte1('k').int64(m.walEnd()).int64(m.serverTime()).byte1(m.replyRequested() ? 1 : 0)),
            sharing(COPY_DATA, StandbyStatusUpdate.class, REPLICATION, (m, w) -> w.byte1('r').int64(m.written()).int64(m.flushed())
                    .int64(m.applied()).int64(m.clientTime()).byte1(m.replyRequested() ? 1 : 0)),
            sharing(COPY_DATA, HotStandbyFeedback.class, REPLICATION, (m, w) -> w.byte1('h').int64(m.clientTime()).int32(m.xmin())
                    .int32(m.xminEpoch()).int32(m.catalogXmin()).int32(m.catalogXminEpoch())),
            // ------------------------------------------------------------ frames that are no message
            standIn(Unknown.class, (m, w) -> w.bytes(new MessageWriter(m.type(), w.charset()).bytes(m.body()).finish())),
            standIn(Malformed.class, (m, w) -> w.bytes(m.bytes())),
            standIn(Encrypted.class, (m, w) -> w.bytes(m.bytes()))));

    private final List<MessageType> types;
    private final Map<Class<?>, MessageType> byRecord = new HashMap<>();
    private final Map<String, MessageType> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Family> readerFamilies = new HashMap<>();
    /** Per direction (ordinal), per type byte: its reader, or null. */
    private final Reader[][] typed = new Reader[2][256];
    private final Map<Integer, Reader> startupCodes = new HashMap<>();
    private final Reader anyStartup;
    private final Set<String> names;

    private MessageTypes(List<MessageType> types) {
        this.types = List.copyOf(types);
        Reader any = null;
        for (MessageType t : this.types) {
            if (byRecord.putIfAbsent(t.record(), t) != null) {
                throw new IllegalArgumentException(t.name() + " is registered twice");
            }
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("two message types are named " + t.name());
            }
            Reader r = t.reader();
            if (r == null) {
                continue;
            }
            readerFamilies.putIfAbsent(r.name(), t.family());
            if (r.framing() == MessageType.Framing.TYPED) {
                for (Direction d : r.directions()) {
                    Reader other = typed[d.ordinal()][r.code()];
                    if (other != null && other != r) {
                        throw new IllegalArgumentException("type byte " + typeChar(r.code()) + " from the " + d
                                + " is read as both " + other.name() + " and " + r.name());
                    }
                    typed[d.ordinal()][r.code()] = r;
                }
            } else if (r.code() == Reader.ANY_CODE) {
                if (any != null && any != r) {
                    throw new IllegalArgumentException("two readers of any start-up code: " + any.name() + " and " + r.name());
                }
                any = r;
            } else {
                Reader other = startupCodes.putIfAbsent(r.code(), r);
                if (other != null && other != r) {
                    throw new IllegalArgumentException("start-up code " + r.code() + " is read as both " + other.name() + " and " + r.name());
                }
            }
        }
        this.anyStartup = any;
        Set<String> n = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        n.addAll(byName.keySet());
        this.names = Collections.unmodifiableSet(n);
    }

    /** The message types of PostgreSQL 18's "Message Formats" page. */
    public static MessageTypes standard() {
        return STANDARD;
    }

    /** This registry and {@code more}; fails when one of them claims a record, name or type byte already read as another. */
    public MessageTypes with(MessageType... more) {
        List<MessageType> all = new ArrayList<>(types);
        all.addAll(List.of(more));
        return new MessageTypes(all);
    }

    /** This registry without the type of {@code record}: its type byte is unknown unless another type shares it. */
    public MessageTypes without(Class<? extends Message> record) {
        List<MessageType> rest = new ArrayList<>(types);
        rest.removeIf(t -> t.record() == record);
        return new MessageTypes(rest);
    }

    /** Every type, in the order registered. */
    public List<MessageType> all() {
        return types;
    }

    /** The type of a message record, or null when it has none here. */
    public MessageType of(Class<? extends Message> record) {
        return byRecord.get(record);
    }

    /** The type of this name (any case), or null. */
    public MessageType named(String name) {
        return byName.get(name);
    }

    /** Every type's name (a set that ignores case), as the decoder names messages. */
    public Set<String> names() {
        return names;
    }

    /** What {@code typeByte} announces when {@code direction} sends it, or null when it announces nothing. */
    public Reader reader(Direction direction, int typeByte) {
        return typeByte < 0 || typeByte > 0xff ? null : typed[direction.ordinal()][typeByte];
    }

    /** The reader of a start-up packet by the Int32 after its length; null only in a registry without StartupMessage. */
    Reader startupReader(int code) {
        Reader r = startupCodes.get(code);
        return r != null ? r : anyStartup;
    }

    /**
     * The family of a decoded message by its name ({@code Decoded.typeName()}): a type's, or for a
     * truncated message the name of what its type byte announces; {@link Family#OTHER} for the rest.
     */
    public Family family(String typeName) {
        MessageType t = byName.get(typeName);
        if (t != null) {
            return t.family();
        }
        return readerFamilies.getOrDefault(typeName, Family.OTHER);
    }

    /** -1 when {@code direction} never sends {@code type}; else the Int32 length its format fixes, or 0 when it varies. */
    @Override
    public int fixedLength(Direction direction, int type) {
        Reader r = reader(direction, type);
        return r == null ? -1 : r.fixedLength();
    }

    /** {@code m} as wire bytes, text in {@code charset}. */
    public byte[] encode(Message m, Charset charset) {
        MessageType t = byRecord.get(m.getClass());
        if (t == null) {
            throw new IllegalArgumentException("no message type for " + m.getClass().getName());
        }
        return t.encode(m, charset);
    }

    /** The documentation's name of what a type byte announces in {@code direction}, or null (the standard registry). */
    public static String name(Direction direction, int type) {
        Reader r = STANDARD.reader(direction, type);
        return r == null ? null : r.name();
    }

    /** {@code 'Q'} for printable type bytes, {@code 0x07} otherwise. */
    public static String typeChar(int type) {
        return type >= 0x21 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type);
    }

    /** Name of an ErrorResponse/NoticeResponse field code. */
    public static String noticeFieldName(char code) {
        return switch (code) {
            case 'S' -> "Severity";
            case 'V' -> "Severity (non-localized)";
            case 'C' -> "Code";
            case 'M' -> "Message";
            case 'D' -> "Detail";
            case 'H' -> "Hint";
            case 'P' -> "Position";
            case 'p' -> "Internal position";
            case 'q' -> "Internal query";
            case 'W' -> "Where";
            case 's' -> "Schema";
            case 't' -> "Table";
            case 'c' -> "Column";
            case 'd' -> "Data type";
            case 'n' -> "Constraint";
            case 'F' -> "File";
            case 'L' -> "Line";
            case 'R' -> "Routine";
            default -> "Unknown field " + typeChar(code);
        };
    }

    @Override
    public String toString() {
        Map<Family, List<String>> byFamily = new LinkedHashMap<>();
        for (MessageType t : types) {
            byFamily.computeIfAbsent(t.family(), k -> new ArrayList<>()).add(t.name());
        }
        return "MessageTypes" + byFamily;
    }
}
