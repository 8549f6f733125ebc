package dev.pgwb.protocol.codec;

import static dev.pgwb.protocol.codec.WireBytes.msg;
import static dev.pgwb.protocol.codec.WireBytes.untyped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.*;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderBehaviourTest {

    private static Decoded decode(Direction dir, byte[] bytes, ConnectionState state) {
        return new Decoder().decode(new Frame(dir, 0, 0, 0, FrameKind.TYPED, bytes, null), state);
    }

    private static FieldNode find(List<FieldNode> nodes, String name) {
        for (FieldNode n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
            FieldNode inner = find(n.children(), name);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    @Test
    void fieldOffsetsPointAtTheirBytes() {
        Decoded d = decode(Direction.FRONTEND, msg('P').str("S_1").str("SELECT $1").i16(1).i32(23).bytes(), new ConnectionState());
        assertThat(d.fields()).extracting(FieldNode::name, FieldNode::offset, FieldNode::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Type", 0, 1),
                org.assertj.core.groups.Tuple.tuple("Length", 1, 4),
                org.assertj.core.groups.Tuple.tuple("Statement name", 5, 4),
                org.assertj.core.groups.Tuple.tuple("Query string", 9, 10),
                org.assertj.core.groups.Tuple.tuple("Parameter type count", 19, 2),
                org.assertj.core.groups.Tuple.tuple("Parameter 1 type", 21, 4));
        assertThat(d.fields().get(0).value()).isEqualTo("'P' Parse");
        assertThat(d.fields().get(2).value()).isEqualTo("\"S_1\"");
    }

    @Test
    void truncatedMessageIsMalformedWithAProblemAndTheNextFrameStillDecodes() {
        ConnectionDecoder cd = new ConnectionDecoder();
        cd.feed(Direction.FRONTEND, untyped().i32(196608).str("user").str("u").i8(0).bytes(), 0);
        // A Parse whose declared length ends inside its parameter list, then a good Sync
        byte[] parse = msg('P').str("").str("SELECT 1").i16(3).i32(23).bytes();
        List<Decoded> out = cd.feed(Direction.FRONTEND, concat(parse, msg('S').bytes()), 0);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).message()).isInstanceOf(Malformed.class);
        assertThat(out.get(0).typeName()).isEqualTo("Parse");
        assertThat(out.get(0).problems()).singleElement().asString().contains("cannot read Parse");
        FieldCoverage.assertCovers(out.get(0));
        assertThat(out.get(1).message()).isEqualTo(new Sync());
    }

    @Test
    void trailingBytesAreShownAndFlagged() {
        Decoded d = decode(Direction.FRONTEND, msg('S').hex("0102").bytes(), new ConnectionState());
        assertThat(d.message()).isInstanceOf(Malformed.class);
        assertThat(d.typeName()).isEqualTo("Sync");
        assertThat(d.problems()).singleElement().asString().contains("2 byte(s) after the documented fields of Sync");
        assertThat(find(d.fields(), "Trailing bytes")).isNotNull();
    }

    @Test
    void unknownTypeByteIsUnknownWithItsBody() {
        Decoded d = decode(Direction.BACKEND, msg('!').hex("0102").bytes(), new ConnectionState());
        assertThat(d.message()).isEqualTo(new Unknown('!', Bytes.ofHex("0102")));
        assertThat(d.problems()).singleElement().asString().contains("not a backend message type");
    }

    @Test
    void sqlStateIsNamedInTheTree() {
        Decoded d = decode(Direction.BACKEND, msg('E').i8('S').str("ERROR").i8('C').str("26000")
                .i8('M').str("prepared statement \"S_1\" does not exist").i8(0).bytes(), new ConnectionState());
        ErrorResponse e = (ErrorResponse) d.message();
        assertThat(e.sqlState()).isEqualTo("26000");
        assertThat(e.message()).isEqualTo("prepared statement \"S_1\" does not exist");
        assertThat(find(d.fields(), "Code").value()).contains("26000").contains("invalid_sql_statement_name");
        assertThat(find(d.fields(), "Message").value()).isEqualTo("prepared statement \"S_1\" does not exist");
    }

    @Test
    void dataRowValuesAreRenderedWithTheRowDescriptionTypes() {
        ConnectionState s = new ConnectionState();
        byte[] rd = msg('T').i16(2).str("n").i32(0).i16(0).i32(23).i16(4).i32(-1).i16(1)
                .str("t").i32(0).i16(0).i32(25).i16(-1).i32(-1).i16(0).bytes();
        s.advance(decode(Direction.BACKEND, rd, s));
        Decoded row = decode(Direction.BACKEND, msg('D').i16(2).i32(4).hex("0000002a").i32(5).ascii("hello").bytes(), s);
        assertThat(find(row.fields(), "Column 1 \"n\"").value()).startsWith("42");
        assertThat(find(row.fields(), "Column 2 \"t\"").value()).startsWith("hello");
    }

    @Test
    void bindParametersAreRenderedWithTheParseTypes() {
        ConnectionState s = new ConnectionState();
        s.advance(decode(Direction.FRONTEND, msg('P').str("S_1").str("SELECT $1").i16(1).i32(20).bytes(), s));
        Decoded bind = decode(Direction.FRONTEND, msg('B').str("").str("S_1").i16(1).i16(1).i16(1).i32(8)
                .hex("ffffffffffffffff").i16(0).bytes(), s);
        assertThat(find(bind.fields(), "Parameter 1").value()).startsWith("-1");
    }

    @Test
    void textIsDecodedInTheClientEncodingAndInvalidBytesAreEscaped() {
        ConnectionState gbk = new ConnectionState().withClientEncoding("GBK");
        byte[] q = msg('Q').str("SELECT '你好'", Charset.forName("GBK")).bytes();
        assertThat(((Query) decode(Direction.FRONTEND, q, gbk).message()).sql()).isEqualTo("SELECT '你好'");

        Decoded bad = decode(Direction.FRONTEND, msg('Q').hex("5345 4c ff fe 31 00").bytes(), new ConnectionState());
        assertThat(((Query) bad.message()).sql()).isEqualTo("SEL\\xff\\xfe1");
        assertThat(bad.problems()).isEmpty();
    }

    @Test
    void clientEncodingFollowsStartupAndParameterStatus() {
        ConnectionDecoder cd = new ConnectionDecoder();
        cd.feed(Direction.FRONTEND, untyped().i32(196608).str("user").str("u").str("client_encoding").str("GBK").i8(0).bytes(), 0);
        assertThat(cd.state().charset().name()).isEqualTo("GBK");
        cd.feed(Direction.BACKEND, msg('R').i32(0).bytes(), 0);
        cd.feed(Direction.BACKEND, msg('S').str("client_encoding").str("UTF8").bytes(), 0);
        assertThat(cd.state().charset().name()).isEqualTo("UTF-8");
    }

    @Test
    void passwordsAndScramProofsAreRedactedUnlessAsked() {
        ConnectionState s = new ConnectionState().withAuth(ConnectionState.AuthExpectation.PASSWORD);
        byte[] pw = msg('p').str("hunter2").bytes();
        Decoded hidden = decode(Direction.FRONTEND, pw, s);
        assertThat(find(hidden.fields(), "Password").value()).doesNotContain("hunter2").contains("redacted");
        assertThat(((PasswordMessage) hidden.message()).password()).isEqualTo("hunter2");
        Decoded shown = new Decoder(true).decode(new Frame(Direction.FRONTEND, 0, 0, 0, FrameKind.TYPED, pw, null), s);
        assertThat(find(shown.fields(), "Password").value()).contains("hunter2");

        ConnectionState sasl = new ConnectionState().withAuth(ConnectionState.AuthExpectation.SASL_RESPONSE);
        Decoded proof = decode(Direction.FRONTEND, msg('p').ascii("c=biws,r=nonce,p=c2VjcmV0").bytes(), sasl);
        assertThat(find(proof.fields(), "SASL data").value()).contains("r=nonce").doesNotContain("c2VjcmV0");
    }

    @Test
    void passwordFamilyIsResolvedByTheAuthenticationRequest() {
        ConnectionDecoder cd = new ConnectionDecoder();
        cd.feed(Direction.FRONTEND, untyped().i32(196608).str("user").str("u").i8(0).bytes(), 0);
        cd.feed(Direction.BACKEND, msg('R').i32(10).str("SCRAM-SHA-256").i8(0).bytes(), 0);
        List<Decoded> first = cd.feed(Direction.FRONTEND, msg('p').str("SCRAM-SHA-256").i32(5).ascii("n,,n=").bytes(), 0);
        assertThat(first.get(0).message()).isInstanceOf(SASLInitialResponse.class);
        cd.feed(Direction.BACKEND, msg('R').i32(11).ascii("r=x,s=y,i=4096").bytes(), 0);
        List<Decoded> second = cd.feed(Direction.FRONTEND, msg('p').ascii("c=biws,r=x,p=z").bytes(), 0);
        assertThat(second.get(0).message()).isInstanceOf(SASLResponse.class);
        assertThat(second.get(0).problems()).isEmpty();
    }

    @Test
    void passwordFamilyWithoutTheServerSideIsGuessedAndSaid() {
        Decoded d = decode(Direction.FRONTEND, msg('p').str("SCRAM-SHA-256").i32(5).ascii("n,,n=").bytes(), new ConnectionState());
        assertThat(d.message()).isInstanceOf(SASLInitialResponse.class);
        assertThat(d.problems()).singleElement().asString().contains("no Authentication request seen");
        Decoded p = decode(Direction.FRONTEND, msg('p').str("secret").bytes(), new ConnectionState());
        assertThat(p.message()).isEqualTo(new PasswordMessage("secret"));
    }

    @Test
    void unusualProtocolVersionIsDecodedAndFlagged() {
        Decoded d = new Decoder().decode(new Frame(Direction.FRONTEND, 0, 0, 0, FrameKind.UNTYPED,
                untyped().i32(196611).str("user").str("u").i8(0).bytes(), null), new ConnectionState());
        assertThat(d.message()).isEqualTo(new StartupMessage(196611, List.of(new StartupParameter("user", "u"))));
        assertThat(d.problems()).singleElement().asString().contains("3.3");
    }

    @Test
    void negotiateProtocolVersionSetsTheVersionInUse() {
        ConnectionDecoder cd = new ConnectionDecoder();
        cd.feed(Direction.FRONTEND, untyped().i32(196611).str("user").str("u").i8(0).bytes(), 0);
        cd.feed(Direction.BACKEND, msg('v').i32(2).i32(0).bytes(), 0);
        assertThat(cd.state().protocolVersion()).isEqualTo(196610);
    }

    @Test
    void replicationCopyDataIsDecodedOnlyOnReplicationConnections() {
        byte[] keepalive = msg('d').i8('k').i64(100).i64(200).i8(0).bytes();
        assertThat(decode(Direction.BACKEND, keepalive, new ConnectionState()).message()).isInstanceOf(CopyData.class);
        ConnectionDecoder cd = new ConnectionDecoder();
        cd.feed(Direction.FRONTEND, untyped().i32(196608).str("user").str("u").str("replication").str("database").i8(0).bytes(), 0);
        cd.feed(Direction.BACKEND, msg('W').i8(0).i16(0).bytes(), 0);
        assertThat(cd.feed(Direction.BACKEND, keepalive, 0)).extracting(Decoded::message)
                .containsExactly(new PrimaryKeepalive(100, 200, false));
    }

    @Test
    void tlsRecordsAreOpaque() {
        ConnectionDecoder cd = new ConnectionDecoder();
        cd.feed(Direction.FRONTEND, untyped().i32(80877103).bytes(), 0);
        List<Decoded> answer = cd.feed(Direction.BACKEND, new byte[] {'S'}, 0);
        assertThat(answer).extracting(Decoded::message).containsExactly(new SSLResponse('S'));
        List<Decoded> rec = cd.feed(Direction.FRONTEND,
                java.util.HexFormat.of().parseHex("1603010005" + "0100000100"), 0);
        assertThat(rec).singleElement().satisfies(d -> {
            assertThat(d.message()).isInstanceOf(Encrypted.class);
            assertThat(d.typeName()).isEqualTo("TLS record");
            FieldCoverage.assertCovers(d);
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
