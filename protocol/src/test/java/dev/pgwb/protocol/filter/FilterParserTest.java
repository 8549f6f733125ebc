package dev.pgwb.protocol.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    /** A row made from a real decode of {@code m}, on connection {@code conn}. */
    private static RowFacts row(int conn, Direction dir, Message m) {
        return RowFacts.of(0, conn, new Decoder().decode(new Frame(dir, 0, 0, 0, FrameKind.TYPED, Encoder.encode(m), null),
                new ConnectionState().withProtocolVersion(196608)));
    }

    private static final RowFacts PARSE = row(1, Direction.FRONTEND, new Parse("S_1", "select * from job where id = $1", List.of()));
    private static final RowFacts BIND = row(2, Direction.FRONTEND, new Bind("P_1", "S_1", List.of(), List.of(Bytes.ofAscii("42")), List.of()));
    private static final RowFacts QUERY = row(1, Direction.FRONTEND, new Query("SELECT '数据库' AS name"));
    private static final RowFacts ERROR = row(2, Direction.BACKEND, new ErrorResponse(List.of(new NoticeField('S', "ERROR"),
            new NoticeField('C', "26000"), new NoticeField('M', "prepared statement \"S_1\" does not exist"))));

    private static boolean matches(String filter, RowFacts r) throws Exception {
        return FilterParser.parse(filter).test(r);
    }

    @Test
    void keysSelectByTypeDirectionConnectionAndSqlState() throws Exception {
        assertThat(matches("type:Parse", PARSE)).isTrue();
        assertThat(matches("type:parse", BIND)).isFalse();
        assertThat(matches("type:*Response", ERROR)).isTrue();
        assertThat(matches("dir:B", ERROR)).isTrue();
        assertThat(matches("dir:client", ERROR)).isFalse();
        assertThat(matches("conn:2", BIND)).isTrue();
        assertThat(matches("sqlstate:26000", ERROR)).isTrue();
        assertThat(matches("sqlstate:26", ERROR)).isTrue();
        assertThat(matches("sqlstate:42", ERROR)).isFalse();
        assertThat(matches("is:error", ERROR)).isTrue();
        assertThat(matches("is:error", QUERY)).isFalse();
    }

    @Test
    void statementAndPortalNamesComeFromEveryMessageThatNamesThem() throws Exception {
        assertThat(matches("stmt:S_1", PARSE)).isTrue();
        assertThat(matches("stmt:S_1", BIND)).isTrue();
        assertThat(matches("portal:P_1", BIND)).isTrue();
        assertThat(matches("portal:P_1", PARSE)).isFalse();
        assertThat(FilterParser.parse("stmt:S_1").needsDecoding()).isTrue();
        assertThat(FilterParser.parse("type:Parse & dir:F").needsDecoding()).isFalse();
    }

    @Test
    void freeTextSearchesTheSummaryCaseInsensitivelyIncludingCjk() throws Exception {
        assertThat(matches("select", QUERY)).isTrue();
        assertThat(matches("\"does not exist\"", ERROR)).isTrue();
        assertThat(matches("数据库", QUERY)).isTrue();
        assertThat(matches("text:\"from job\"", PARSE)).isTrue();
    }

    @Test
    void operatorsCombineWithPrecedenceNotOverAndOverOr() throws Exception {
        assertThat(matches("type:Parse | type:Bind", BIND)).isTrue();
        assertThat(matches("dir:F type:Bind", BIND)).isTrue(); // side by side means and
        assertThat(matches("dir:F & !type:Bind", BIND)).isFalse();
        assertThat(matches("not type:Bind or is:error", ERROR)).isTrue();
        assertThat(matches("!(type:Parse | type:Bind) & dir:F", QUERY)).isTrue();
        assertThat(matches("type:Query | type:Parse & conn:2", PARSE)).isFalse(); // & binds tighter
        assertThat(matches("", PARSE)).isTrue();
    }

    @Test
    void mistakesSayWhatAndWhere() {
        assertThatThrownBy(() -> FilterParser.parse("type:Prase")).hasMessageContaining("unknown message type 'Prase'")
                .hasMessageContaining("did you mean Parse?")
                .satisfies(e -> assertThat(((FilterParser.FilterException) e).position()).isEqualTo(5));
        assertThatThrownBy(() -> FilterParser.parse("colour:red")).hasMessageContaining("unknown key 'colour:'");
        assertThatThrownBy(() -> FilterParser.parse("(type:Parse")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> FilterParser.parse("type:Parse &")).hasMessageContaining("ends where a term was expected");
        assertThatThrownBy(() -> FilterParser.parse("\"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> FilterParser.parse("conn:x")).hasMessageContaining("connection number");
        assertThatThrownBy(() -> FilterParser.parse("dir:up")).hasMessageContaining("dir: is F");
    }

    @Test
    void knowsEveryMessageTypeOfTheCodec() {
        assertThat(FilterParser.knownTypes()).contains("Parse", "ErrorResponse", "DataRow", "StartupMessage",
                "AuthenticationSASL", "CopyData", "NegotiateProtocolVersion", "Unknown", "Malformed");
    }
}
