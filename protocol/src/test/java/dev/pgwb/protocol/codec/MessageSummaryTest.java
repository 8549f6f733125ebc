package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.SASLResponse;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSummaryTest {

    private static Bytes text(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void queriesAndStatementsShowTheirSqlQuoted() {
        assertThat(MessageSummary.of(new Query("SELECT 1"))).isEqualTo("\"SELECT 1\"");
        assertThat(MessageSummary.of(new Query("SELECT 'a\"b'\nFROM t"))).isEqualTo("\"SELECT 'a\\\"b'\\nFROM t\"");
        assertThat(MessageSummary.of(new Parse("S_1", "SELECT $1", List.of(23))))
                .isEqualTo("\"S_1\" \"SELECT $1\" [int4]");
        assertThat(MessageSummary.of(new Parse("", "SELECT 1", List.of()))).isEqualTo("\"\" \"SELECT 1\"");
        assertThat(MessageSummary.of(new Describe('S', "S_1"))).isEqualTo("statement \"S_1\"");
        assertThat(MessageSummary.of(new Execute("", 0))).isEqualTo("portal \"\"");
        assertThat(MessageSummary.of(new Execute("C1", 10))).isEqualTo("portal \"C1\" max 10 rows");
        assertThat(MessageSummary.of(new Sync())).isEmpty();
    }

    @Test
    void bindShowsParametersTextBinaryAndNull() {
        Bind bind = new Bind("", "S_1", List.of(0, 1), Arrays.asList(text("42"), null),
                List.of());
        assertThat(MessageSummary.of(bind)).isEqualTo("portal \"\" statement \"S_1\" (\"42\", NULL)");
        Bind binary = new Bind("", "S_1", List.of(1), List.of(Bytes.ofHex("0000002a")), List.of(1));
        assertThat(MessageSummary.of(binary)).isEqualTo("portal \"\" statement \"S_1\" (\\x0000002a)");
    }

    @Test
    void errorsReadLikePqTrace() {
        ErrorResponse e = new ErrorResponse(List.of(new NoticeField('S', "ERROR"), new NoticeField('V', "ERROR"),
                new NoticeField('C', "26000"), new NoticeField('M', "prepared statement \"S_1\" does not exist")));
        assertThat(MessageSummary.of(e)).isEqualTo("ERROR 26000 prepared statement \"S_1\" does not exist");
        NoticeResponse n = new NoticeResponse(List.of(new NoticeField('S', "AVISO"), new NoticeField('V', "WARNING"),
                new NoticeField('C', "01000"), new NoticeField('M', "two\nlines")));
        assertThat(MessageSummary.of(n)).isEqualTo("WARNING 01000 two\\nlines");
    }

    @Test
    void serverMessages() {
        assertThat(MessageSummary.of(new ReadyForQuery('I'))).isEqualTo("I (idle)");
        assertThat(MessageSummary.of(new ReadyForQuery('E'))).isEqualTo("E (in a failed transaction)");
        assertThat(MessageSummary.of(new CommandComplete("INSERT 0 1"))).isEqualTo("\"INSERT 0 1\"");
        assertThat(MessageSummary.of(new ParameterStatus("TimeZone", "UTC"))).isEqualTo("TimeZone = \"UTC\"");
        assertThat(MessageSummary.of(new AuthenticationOk())).isEmpty();
        assertThat(MessageSummary.of(new AuthenticationSASL(List.of("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"))))
                .isEqualTo("SCRAM-SHA-256 SCRAM-SHA-256-PLUS");
        assertThat(MessageSummary.of(new RowDescription(List.of(new RowField("id", 0, 0, 23, 4, -1, 0),
                new RowField("name", 0, 0, 25, -1, -1, 0))))).isEqualTo("2 column(s): id int4, name text");
        assertThat(MessageSummary.of(new DataRow(Arrays.asList(text("1"), null))))
                .isEqualTo("2 column(s): \"1\", NULL");
        assertThat(MessageSummary.of(new Unknown('y', Bytes.ofHex("0102")))).isEqualTo("type 'y', 2 body bytes");
    }

    @Test
    void longValuesAndLongListsAreCut() {
        String longText = "x".repeat(100);
        assertThat(MessageSummary.of(new DataRow(List.of(text(longText)))))
                .isEqualTo("1 column(s): \"" + "x".repeat(48) + "\"… (100 bytes)");
        List<Bytes> many = java.util.Collections.nCopies(10, text("v"));
        assertThat(MessageSummary.of(new DataRow(many))).endsWith(", … 10 in all").contains("10 column(s)");
    }

    @Test
    void secretsAreLeftOutUnlessAskedFor() {
        assertThat(MessageSummary.of(new PasswordMessage("hunter2"))).doesNotContain("hunter2");
        assertThat(MessageSummary.of(new PasswordMessage("hunter2"), true)).isEqualTo("\"hunter2\"");
        SASLResponse proof = new SASLResponse(text("c=biws,r=abc,p=c2VjcmV0"));
        assertThat(MessageSummary.of(proof)).isEqualTo("\"c=biws,r=abc,p=(redacted)\"");
        BackendKeyData key = new BackendKeyData(4242, Bytes.ofHex("01020304"));
        assertThat(MessageSummary.of(key)).isEqualTo("pid 4242 key (4 bytes, redacted)");
        assertThat(MessageSummary.of(key, true)).isEqualTo("pid 4242 key 01020304");
    }

    @Test
    void startupShowsVersionAndParameters() {
        StartupMessage s = new StartupMessage(196608, List.of(new StartupParameter("user", "alice"),
                new StartupParameter("database", "shop")));
        assertThat(MessageSummary.of(s)).isEqualTo("3.0 user=\"alice\" database=\"shop\"");
    }

    @Test
    void lineStartsWithDirectionAndName() {
        byte[] q = ByteBuffer.allocate(14).put((byte) 'Q').putInt(13).put("SELECT 1".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0).array();
        Decoded d = new Decoder().decode(new Frame(Direction.FRONTEND, 0, 0, 0, FrameKind.TYPED, q, null),
                new ConnectionState());
        assertThat(MessageSummary.line(d)).isEqualTo("F  Query  \"SELECT 1\"");
        byte[] sync = {'S', 0, 0, 0, 4};
        Decoded s = new Decoder().decode(new Frame(Direction.FRONTEND, 1, 0, 14, FrameKind.TYPED, sync, null),
                new ConnectionState());
        assertThat(MessageSummary.line(s)).isEqualTo("F  Sync");
    }
}
