package dev.pgwb.protocol.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field keys in the filter language: {@code pg.statement:S_1} reads the same keys as JSON Lines (docs/fields.md). */
class FieldKeyFilterTest {

    static RowFacts row(Direction dir, Message m) {
        return RowFacts.of(0, 1, new Decoder().decode(new Frame(dir, 0, 0, 0, FrameKind.TYPED, Encoder.encode(m), null), new ConnectionState()));
    }

    private static final RowFacts PARSE = row(Direction.FRONTEND, new Parse("S_1", "select * from Job where id = $1", List.of(23)));
    private static final RowFacts UNNAMED = row(Direction.FRONTEND, new Parse("", "select 1", List.of()));
    private static final RowFacts BIND = row(Direction.FRONTEND, new Bind("P_1", "S_1", List.of(), List.of(Bytes.ofAscii("42")), List.of()));
    private static final RowFacts CLOSE_PORTAL = row(Direction.FRONTEND, new Close('P', "S_1"));
    private static final RowFacts QUERY = row(Direction.FRONTEND, new Query("select 1"));
    private static final RowFacts ERROR = row(Direction.BACKEND, new ErrorResponse(List.of(new NoticeField('S', "ERROR"),
            new NoticeField('C', "23505"), new NoticeField('M', "duplicate key value violates unique constraint \"job_pkey\""),
            new NoticeField('n', "job_pkey"))));
    private static final RowFacts FAILED = row(Direction.BACKEND, new ReadyForQuery('E'));

    private static boolean matches(String filter, RowFacts r) throws Exception {
        return FilterParser.parse(filter).test(r);
    }

    @Test
    void aFieldKeyMatchesThePlainValueOfEveryFieldWithThatKey() throws Exception {
        assertThat(matches("pg.statement:S_1", PARSE)).isTrue();
        assertThat(matches("pg.statement:S_1", BIND)).isTrue();
        assertThat(matches("pg.statement:S_1", CLOSE_PORTAL)).as("a Close of portal S_1 names no statement").isFalse();
        assertThat(matches("pg.portal:S_1", CLOSE_PORTAL)).isTrue();
        assertThat(matches("pg.statement:s_1", PARSE)).as("exact, as statement names are").isFalse();
        assertThat(matches("pg.code:23505", ERROR)).isTrue();
        assertThat(matches("pg.constraint_name:job_pkey", ERROR)).isTrue();
        assertThat(matches("pg.status:E", FAILED)).isTrue();
        assertThat(matches("pg.param.type:23", PARSE)).isTrue();
        assertThat(matches("pg.param.value:42 & pg.portal:P_1", BIND)).isTrue();
        assertThat(matches("pg.type:Q", QUERY)).isTrue();
    }

    @Test
    void aWildcardIgnoresCaseAndQuotesNameTheEmptyOne() throws Exception {
        assertThat(matches("pg.query:\"*from job*\"", PARSE)).isTrue();
        assertThat(matches("pg.query:\"*from job*\"", QUERY)).isFalse();
        assertThat(matches("pg.code:23*", ERROR)).isTrue();
        assertThat(matches("pg.message:\"duplicate key*\"", ERROR)).isTrue();
        assertThat(matches("pg.statement:\"\"", UNNAMED)).isTrue();
        assertThat(matches("pg.statement:\"\"", PARSE)).isFalse();
        assertThat(matches("stmt:\"\"", UNNAMED)).as("docs/filter.md: stmt:\"\" is the unnamed statement").isTrue();
        assertThat(matches("portal:\"\"", BIND)).isFalse();
    }

    @Test
    void stmtAndPortalAreTheStatementAndPortalKeys() throws Exception {
        for (RowFacts r : List.of(PARSE, UNNAMED, BIND, CLOSE_PORTAL, QUERY, ERROR)) {
            assertThat(matches("stmt:S_1", r)).isEqualTo(matches("pg.statement:S_1", r));
            assertThat(matches("portal:P_1", r)).isEqualTo(matches("pg.portal:P_1", r));
        }
        assertThat(FilterParser.parse("pg.statement:S_1").needsDecoding()).isTrue();
        assertThat(FilterParser.parse("pg.statement:S_1")).hasToString("pg.statement:S_1");
    }

    @Test
    void anUnknownKeySaysTheNearestOne() {
        assertThatThrownBy(() -> FilterParser.parse("dir:F pg.statment:S_1")).hasMessageContaining("unknown field key 'pg.statment'")
                .hasMessageContaining("did you mean pg.statement?")
                .satisfies(e -> assertThat(((FilterParser.FilterException) e).position()).isEqualTo(6));
        assertThatThrownBy(() -> FilterParser.parse("pg.nothing_like_it:1")).hasMessageContaining("docs/fields.md");
        assertThatThrownBy(() -> FilterParser.parse("pg.statement:")).hasMessageContaining("needs a value");
    }
}
