package dev.pgwb.protocol.codec;

import static dev.pgwb.protocol.codec.WireBytes.msg;
import static dev.pgwb.protocol.codec.WireBytes.untyped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.*;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One vector per message type, built field by field from the PostgreSQL 18 "Message Formats"
 * page: the decoder must give the expected record, no problem, a tree covering every byte, and the
 * encoder must give back the very same bytes.
 */
class MessageVectorsTest {

    private static final Direction F = Direction.FRONTEND;
    private static final Direction B = Direction.BACKEND;

    static Arguments v(Direction dir, byte[] bytes, Message expected) {
        return v(dir, bytes, expected, ConnectionState::new);
    }

    static Arguments v(Direction dir, byte[] bytes, Message expected, Supplier<ConnectionState> state) {
        return Arguments.of(expected.typeName(), dir, bytes, expected, state);
    }

    static Bytes b(String hex) {
        return Bytes.ofHex(hex);
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                // ---------------------------------------------------------------- startup phase
                v(F, untyped().i32(196608).str("user").str("alice").str("database").str("shop").i8(0).bytes(),
                        new StartupMessage(196608, List.of(new StartupParameter("user", "alice"), new StartupParameter("database", "shop")))),
                v(F, untyped().i32(196610).str("user").str("bob").str("_pq_.test").str("x").i8(0).bytes(),
                        new StartupMessage(196610, List.of(new StartupParameter("user", "bob"), new StartupParameter("_pq_.test", "x")))),
                v(F, untyped().i32(80877103).bytes(), new SSLRequest()),
                v(F, untyped().i32(80877104).bytes(), new GSSENCRequest()),
                v(F, untyped().i32(80877102).i32(4242).hex("01020304").bytes(), new CancelRequest(4242, b("01020304"))),
                v(F, untyped().i32(80877102).i32(4242).raw(new byte[32]).bytes(), new CancelRequest(4242, Bytes.of(new byte[32]))),
                v(B, new byte[] {'S'}, new SSLResponse('S'), () -> new ConnectionState().withNegotiation(ConnectionState.Negotiation.SSL)),
                v(B, new byte[] {'N'}, new GSSENCResponse('N'), () -> new ConnectionState().withNegotiation(ConnectionState.Negotiation.GSS)),
                // ---------------------------------------------------------------- authentication
                v(B, msg('R').i32(0).bytes(), new AuthenticationOk()),
                v(B, msg('R').i32(2).bytes(), new AuthenticationKerberosV5()),
                v(B, msg('R').i32(3).bytes(), new AuthenticationCleartextPassword()),
                v(B, msg('R').i32(5).hex("a1b2c3d4").bytes(), new AuthenticationMD5Password(b("a1b2c3d4"))),
                v(B, msg('R').i32(7).bytes(), new AuthenticationGSS()),
                v(B, msg('R').i32(8).hex("6082").bytes(), new AuthenticationGSSContinue(b("6082"))),
                v(B, msg('R').i32(9).bytes(), new AuthenticationSSPI()),
                v(B, msg('R').i32(10).str("SCRAM-SHA-256-PLUS").str("SCRAM-SHA-256").i8(0).bytes(),
                        new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"))),
                v(B, msg('R').i32(11).ascii("r=abc,s=c2FsdA==,i=4096").bytes(),
                        new AuthenticationSASLContinue(Bytes.ofAscii("r=abc,s=c2FsdA==,i=4096"))),
                v(B, msg('R').i32(12).ascii("v=c2lnbmF0dXJl").bytes(), new AuthenticationSASLFinal(Bytes.ofAscii("v=c2lnbmF0dXJl"))),
                v(F, msg('p').str("md5e5a2c4b2ff3f2a8dd4a9a1b6f3c2d1e0").bytes(), new PasswordMessage("md5e5a2c4b2ff3f2a8dd4a9a1b6f3c2d1e0"),
                        () -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.PASSWORD)),
                v(F, msg('p').str("SCRAM-SHA-256").i32(16).ascii("n,,n=,r=abcdefgh").bytes(),
                        new SASLInitialResponse("SCRAM-SHA-256", Bytes.ofAscii("n,,n=,r=abcdefgh")),
                        () -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.SASL_INITIAL)),
                v(F, msg('p').str("SCRAM-SHA-256").i32(-1).bytes(), new SASLInitialResponse("SCRAM-SHA-256", null),
                        () -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.SASL_INITIAL)),
                v(F, msg('p').ascii("c=biws,r=abc,p=cHJvb2Y=").bytes(), new SASLResponse(Bytes.ofAscii("c=biws,r=abc,p=cHJvb2Y=")),
                        () -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.SASL_RESPONSE)),
                v(F, msg('p').hex("6082aabb").bytes(), new GSSResponse(b("6082aabb")),
                        () -> new ConnectionState().withAuth(ConnectionState.AuthExpectation.GSS_RESPONSE)),
                // ---------------------------------------------------------------- after startup
                v(B, msg('K').i32(1234).hex("cafebabe").bytes(), new BackendKeyData(1234, b("cafebabe"))),
                v(B, msg('K').i32(1234).raw(new byte[32]).bytes(), new BackendKeyData(1234, Bytes.of(new byte[32])),
                        () -> new ConnectionState().withProtocolVersion(196610)),
                v(B, msg('S').str("client_encoding").str("UTF8").bytes(), new ParameterStatus("client_encoding", "UTF8")),
                v(B, msg('v').i32(2).i32(1).str("_pq_.unknown").bytes(), new NegotiateProtocolVersion(2, List.of("_pq_.unknown"))),
                v(B, msg('Z').i8('I').bytes(), new ReadyForQuery('I')),
                v(B, msg('Z').i8('E').bytes(), new ReadyForQuery('E')),
                // ---------------------------------------------------------------- simple query
                v(F, msg('Q').str("SELECT 1").bytes(), new Query("SELECT 1")),
                v(B, msg('T').i16(2).str("id").i32(16384).i16(1).i32(23).i16(4).i32(-1).i16(0)
                                .str("name").i32(0).i16(0).i32(25).i16(-1).i32(-1).i16(1).bytes(),
                        new RowDescription(List.of(new RowField("id", 16384, 1, 23, 4, -1, 0), new RowField("name", 0, 0, 25, -1, -1, 1)))),
                v(B, msg('D').i16(3).i32(2).ascii("42").i32(-1).i32(0).bytes(),
                        new DataRow(Arrays.asList(Bytes.ofAscii("42"), null, Bytes.EMPTY))),
                v(B, msg('C').str("SELECT 1").bytes(), new CommandComplete("SELECT 1")),
                v(B, msg('I').bytes(), new EmptyQueryResponse()),
                v(B, msg('E').i8('S').str("ERROR").i8('V').str("ERROR").i8('C').str("26000")
                                .i8('M').str("prepared statement \"S_1\" does not exist").i8('F').str("prepare.c")
                                .i8('L').str("454").i8('R').str("FetchPreparedStatement").i8(0).bytes(),
                        new ErrorResponse(List.of(new NoticeField('S', "ERROR"), new NoticeField('V', "ERROR"), new NoticeField('C', "26000"),
                                new NoticeField('M', "prepared statement \"S_1\" does not exist"), new NoticeField('F', "prepare.c"),
                                new NoticeField('L', "454"), new NoticeField('R', "FetchPreparedStatement")))),
                v(B, msg('N').i8('S').str("NOTICE").i8('C').str("00000").i8('M').str("hi").i8('W').str("PL/pgSQL function")
                                .i8('Z').str("future field").i8(0).bytes(),
                        new NoticeResponse(List.of(new NoticeField('S', "NOTICE"), new NoticeField('C', "00000"), new NoticeField('M', "hi"),
                                new NoticeField('W', "PL/pgSQL function"), new NoticeField('Z', "future field")))),
                v(B, msg('A').i32(77).str("jobs").str("{\"id\":1}").bytes(), new NotificationResponse(77, "jobs", "{\"id\":1}")),
                // ---------------------------------------------------------------- extended query
                v(F, msg('P').str("S_1").str("SELECT $1::int + $2").i16(2).i32(23).i32(0).bytes(),
                        new Parse("S_1", "SELECT $1::int + $2", List.of(23, 0))),
                v(F, msg('B').str("").str("S_1").i16(1).i16(1).i16(2).i32(4).hex("0000002a").i32(-1).i16(1).i16(1).bytes(),
                        new Bind("", "S_1", List.of(1), Arrays.asList(b("0000002a"), null), List.of(1))),
                v(F, msg('D').i8('S').str("S_1").bytes(), new Describe('S', "S_1")),
                v(F, msg('D').i8('P').str("").bytes(), new Describe('P', "")),
                v(F, msg('E').str("").i32(0).bytes(), new Execute("", 0)),
                v(F, msg('E').str("C_1").i32(100).bytes(), new Execute("C_1", 100)),
                v(F, msg('C').i8('S').str("S_1").bytes(), new Close('S', "S_1")),
                v(F, msg('S').bytes(), new Sync()),
                v(F, msg('H').bytes(), new Flush()),
                v(F, msg('X').bytes(), new Terminate()),
                v(B, msg('1').bytes(), new ParseComplete()),
                v(B, msg('2').bytes(), new BindComplete()),
                v(B, msg('3').bytes(), new CloseComplete()),
                v(B, msg('t').i16(2).i32(23).i32(25).bytes(), new ParameterDescription(List.of(23, 25))),
                v(B, msg('n').bytes(), new NoData()),
                v(B, msg('s').bytes(), new PortalSuspended()),
                // ---------------------------------------------------------------- COPY
                v(B, msg('G').i8(0).i16(2).i16(0).i16(0).bytes(), new CopyInResponse(0, List.of(0, 0))),
                v(B, msg('H').i8(1).i16(1).i16(1).bytes(), new CopyOutResponse(1, List.of(1))),
                v(B, msg('W').i8(0).i16(0).bytes(), new CopyBothResponse(0, List.of())),
                v(F, msg('d').ascii("1\talice\n").bytes(), new CopyData(Bytes.ofAscii("1\talice\n"))),
                v(B, msg('d').ascii("2\tbob\n").bytes(), new CopyData(Bytes.ofAscii("2\tbob\n"))),
                v(F, msg('c').bytes(), new CopyDone()),
                v(B, msg('c').bytes(), new CopyDone()),
                v(F, msg('f').str("client gave up").bytes(), new CopyFail("client gave up")),
                // ---------------------------------------------------------------- replication inside CopyData
                v(B, msg('d').i8('w').i64(0x1_6B37_4D48L).i64(0x1_6B37_4E00L).i64(817_000_000_000_000L).ascii("BEGIN 750").bytes(),
                        new XLogData(0x1_6B37_4D48L, 0x1_6B37_4E00L, 817_000_000_000_000L, Bytes.ofAscii("BEGIN 750")),
                        () -> new ConnectionState().withReplicationCopy()),
                v(B, msg('d').i8('k').i64(0x1_6B37_4E00L).i64(817_000_000_000_000L).i8(1).bytes(),
                        new PrimaryKeepalive(0x1_6B37_4E00L, 817_000_000_000_000L, true), () -> new ConnectionState().withReplicationCopy()),
                v(F, msg('d').i8('r').i64(10).i64(9).i64(8).i64(817_000_000_000_000L).i8(0).bytes(),
                        new StandbyStatusUpdate(10, 9, 8, 817_000_000_000_000L, false), () -> new ConnectionState().withReplicationCopy()),
                v(F, msg('d').i8('h').i64(817_000_000_000_000L).i32(750).i32(0).i32(740).i32(0).bytes(),
                        new HotStandbyFeedback(817_000_000_000_000L, 750, 0, 740, 0), () -> new ConnectionState().withReplicationCopy()),
                // ---------------------------------------------------------------- function call
                v(F, msg('F').i32(1598).i16(1).i16(1).i16(1).i32(4).hex("00000007").i16(1).bytes(),
                        new FunctionCall(1598, List.of(1), List.of(b("00000007")), 1)),
                v(B, msg('V').i32(4).hex("00000008").bytes(), new FunctionCallResponse(b("00000008"))),
                v(B, msg('V').i32(-1).bytes(), new FunctionCallResponse(null)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("vectors")
    void decodesAsDocumented(String name, Direction dir, byte[] bytes, Message expected, Supplier<ConnectionState> state) {
        FrameKind kind = bytes.length == 1 ? FrameKind.SINGLE_BYTE
                : expected instanceof StartupMessage || expected instanceof SSLRequest || expected instanceof GSSENCRequest
                || expected instanceof CancelRequest ? FrameKind.UNTYPED : FrameKind.TYPED;
        Decoded d = new Decoder().decode(new Frame(dir, 0, 0, 0, kind, bytes, null), state.get());
        assertThat(d.message()).isEqualTo(expected);
        assertThat(d.problems()).isEmpty();
        assertThat(d.typeName()).isEqualTo(expected.typeName());
        FieldCoverage.assertCovers(d);
        assertThat(Encoder.encode(expected)).as("encoder gives the documented bytes").isEqualTo(bytes);
    }
}
