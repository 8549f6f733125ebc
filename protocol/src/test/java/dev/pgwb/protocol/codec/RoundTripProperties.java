package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.*;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.StartupCodes;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** decode(encode(m)) == m for arbitrary messages of every type, both directions. */
class RoundTripProperties {

    @Property(tries = 3000)
    void frontendMessagesSurviveEncodeDecode(@ForAll("frontendMessages") FrontendMessage m) {
        assertRoundTrip(Direction.FRONTEND, m);
    }

    @Property(tries = 3000)
    void backendMessagesSurviveEncodeDecode(@ForAll("backendMessages") BackendMessage m) {
        assertRoundTrip(Direction.BACKEND, m);
    }

    static void assertRoundTrip(Direction dir, Message m) {
        byte[] bytes = Encoder.encode(m);
        ConnectionState state = stateFor(m);
        FrameKind kind = switch (m) {
            case StartupMessage s -> FrameKind.UNTYPED;
            case SSLRequest s -> FrameKind.UNTYPED;
            case GSSENCRequest s -> FrameKind.UNTYPED;
            case CancelRequest s -> FrameKind.UNTYPED;
            case SSLResponse s -> FrameKind.SINGLE_BYTE;
            case GSSENCResponse s -> FrameKind.SINGLE_BYTE;
            default -> FrameKind.TYPED;
        };
        Decoded d = new Decoder().decode(new Frame(dir, 0, 0, 0, kind, bytes, null), state);
        assertThat(d.message()).isEqualTo(m);
        if (m instanceof Unknown) {
            assertThat(d.problems()).singleElement().asString().contains("is not a");
        } else {
            assertThat(d.problems()).isEmpty();
        }
        assertThat(d.typeName()).isEqualTo(m.typeName());
        FieldCoverage.assertCovers(d);
    }

    private static ConnectionState stateFor(Message m) {
        ConnectionState s = new ConnectionState();
        return switch (m) {
            case PasswordMessage p -> s.withAuth(ConnectionState.AuthExpectation.PASSWORD);
            case SASLInitialResponse p -> s.withAuth(ConnectionState.AuthExpectation.SASL_INITIAL);
            case SASLResponse p -> s.withAuth(ConnectionState.AuthExpectation.SASL_RESPONSE);
            case GSSResponse p -> s.withAuth(ConnectionState.AuthExpectation.GSS_RESPONSE);
            case ReplicationMessage r -> s.withReplicationCopy();
            case GSSENCResponse g -> s.withNegotiation(ConnectionState.Negotiation.GSS);
            case SSLResponse g -> s.withNegotiation(ConnectionState.Negotiation.SSL);
            case BackendKeyData k -> s.withProtocolVersion(k.secretKey().length() == 4 ? StartupCodes.PROTOCOL_3_0 : StartupCodes.PROTOCOL_3_2);
            default -> s;
        };
    }

    // ---------------------------------------------------------------- arbitraries

    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0001', '\ud7ff').ofMaxLength(40);
    }

    static Arbitrary<Bytes> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).map(Bytes::of);
    }

    static Arbitrary<Bytes> nullableBytes() {
        return bytes(24).injectNull(0.2);
    }

    static Arbitrary<Integer> int16() {
        return Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
    }

    static Arbitrary<Integer> format() {
        return Arbitraries.of(0, 1);
    }

    static Arbitrary<Integer> int32() {
        return Arbitraries.integers();
    }

    static Arbitrary<Long> int64() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<FrontendMessage> frontendMessages() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(Arbitraries.of(StartupCodes.PROTOCOL_3_0, StartupCodes.PROTOCOL_3_2),
                        Combinators.combine(text().filter(s -> !s.isEmpty()), text()).as(StartupParameter::new).list().ofMaxSize(6))
                        .as(StartupMessage::new),
                Arbitraries.just(new SSLRequest()),
                Arbitraries.just(new GSSENCRequest()),
                Combinators.combine(int32(), Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(256).map(Bytes::of))
                        .as(CancelRequest::new),
                text().map(PasswordMessage::new),
                Combinators.combine(Arbitraries.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", "OAUTHBEARER"), bytes(60).injectNull(0.1))
                        .as(SASLInitialResponse::new),
                bytes(60).map(SASLResponse::new),
                bytes(60).map(GSSResponse::new),
                text().map(Query::new),
                Combinators.combine(text(), text(), int32().list().ofMaxSize(5)).as(Parse::new),
                nullableBytes().list().ofMaxSize(4).flatMap(params -> Combinators.combine(text(), text(),
                        formatCodesFor(params.size()), format().list().ofMaxSize(3))
                        .as((portal, stmt, formats, results) -> new Bind(portal, stmt, formats, params, results))),
                Combinators.combine(Arbitraries.of('S', 'P'), text()).as(Describe::new),
                Combinators.combine(text(), int32()).as(Execute::new),
                Combinators.combine(Arbitraries.of('S', 'P'), text()).as(Close::new),
                Arbitraries.just(new Sync()),
                Arbitraries.just(new Flush()),
                Arbitraries.just(new Terminate()),
                text().map(CopyFail::new),
                Combinators.combine(int32(), format().list().ofMaxSize(3), nullableBytes().list().ofMaxSize(3), format())
                        .as(FunctionCall::new),
                bytes(100).map(CopyData::new),
                Arbitraries.just(new CopyDone()),
                Combinators.combine(int64(), int64(), int64(), int64(), Arbitraries.of(true, false)).as(StandbyStatusUpdate::new),
                Combinators.combine(int64(), int32(), int32(), int32(), int32()).as(HotStandbyFeedback::new),
                Combinators.combine(Arbitraries.of('A', 'a', 'Z', '1', 'z'), bytes(20)).as(Unknown::new)));
    }

    @Provide
    Arbitrary<BackendMessage> backendMessages() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.just(new AuthenticationOk()),
                Arbitraries.just(new AuthenticationKerberosV5()),
                Arbitraries.just(new AuthenticationCleartextPassword()),
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(Bytes::of).map(AuthenticationMD5Password::new),
                Arbitraries.just(new AuthenticationGSS()),
                bytes(40).map(AuthenticationGSSContinue::new),
                Arbitraries.just(new AuthenticationSSPI()),
                text().filter(s -> !s.isEmpty()).list().ofMaxSize(3).map(AuthenticationSASL::new),
                bytes(60).map(AuthenticationSASLContinue::new),
                bytes(60).map(AuthenticationSASLFinal::new),
                Arbitraries.of('S', 'N').map(SSLResponse::new),
                Arbitraries.of('G', 'N').map(GSSENCResponse::new),
                Combinators.combine(int32(), Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(256).map(Bytes::of))
                        .as(BackendKeyData::new),
                Arbitraries.just(new BindComplete()),
                Arbitraries.just(new CloseComplete()),
                text().map(CommandComplete::new),
                Combinators.combine(format(), format().list().ofMaxSize(4)).as(CopyInResponse::new),
                Combinators.combine(format(), format().list().ofMaxSize(4)).as(CopyOutResponse::new),
                Combinators.combine(format(), format().list().ofMaxSize(4)).as(CopyBothResponse::new),
                nullableBytes().list().ofMaxSize(6).map(DataRow::new),
                Arbitraries.just(new EmptyQueryResponse()),
                noticeFields().map(ErrorResponse::new),
                noticeFields().map(NoticeResponse::new),
                nullableBytes().map(FunctionCallResponse::new),
                Combinators.combine(Arbitraries.integers().between(0, 5), text().list().ofMaxSize(3)).as(NegotiateProtocolVersion::new),
                Arbitraries.just(new NoData()),
                Combinators.combine(int32(), text(), text()).as(NotificationResponse::new),
                int32().list().ofMaxSize(5).map(ParameterDescription::new),
                Combinators.combine(text(), text()).as(ParameterStatus::new),
                Arbitraries.just(new ParseComplete()),
                Arbitraries.just(new PortalSuspended()),
                Arbitraries.of('I', 'T', 'E').map(ReadyForQuery::new),
                rowField().list().ofMaxSize(4).map(RowDescription::new),
                bytes(100).map(CopyData::new),
                Arbitraries.just(new CopyDone()),
                Combinators.combine(int64(), int64(), int64(), bytes(60)).as(XLogData::new),
                Combinators.combine(int64(), int64(), Arbitraries.of(true, false)).as(PrimaryKeepalive::new),
                Combinators.combine(Arbitraries.of('a', 'x', 'Q', '0'), bytes(20)).as(Unknown::new)));
    }

    /** Bind's rule: no format code, one for all, or one per parameter. */
    static Arbitrary<List<Integer>> formatCodesFor(int parameters) {
        return Arbitraries.oneOf(List.of(Arbitraries.just(List.of()), format().list().ofSize(1),
                format().list().ofSize(parameters)));
    }

    static Arbitrary<List<NoticeField>> noticeFields() {
        return Combinators.combine(Arbitraries.of('S', 'V', 'C', 'M', 'D', 'H', 'P', 'p', 'q', 'W', 's', 't', 'c', 'd', 'n',
                'F', 'L', 'R', 'Y'), text()).as(NoticeField::new).list().ofMaxSize(8);
    }

    static Arbitrary<RowField> rowField() {
        return Combinators.combine(text(), int32(), int16(), int32(), int16(), int32(), format()).as(RowField::new);
    }
}
