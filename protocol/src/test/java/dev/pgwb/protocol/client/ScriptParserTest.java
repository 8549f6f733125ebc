package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.client.Script.ListValue;
import dev.pgwb.protocol.client.Script.Step;
import dev.pgwb.protocol.client.Script.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptParserTest {

    @Test
    void namedAndPositionalArgumentsCommentsAndBlankLines() throws Exception {
        Script s = ScriptParser.parse("""
                # a comment line

                parse S_1 "select * from t where id = $1" types=int4   # trailing comment
                bind portal="" stmt=S_1 params=(int4 42, text "x y", null, int8:binary 10000, 0xdeadbeef)
                describe portal ""
                execute "" rows=0
                close statement S_1
                sync
                """);
        assertThat(s.steps()).extracting(Step::command).containsExactly("parse", "bind", "describe", "execute", "close", "sync");
        Step parse = s.steps().get(0);
        assertThat(parse.line()).isEqualTo(3);
        assertThat(((Text) parse.arg("stmt").value()).text()).isEqualTo("S_1");
        assertThat(((Text) parse.arg("sql").value()).text()).isEqualTo("select * from t where id = $1");
        Step bind = s.steps().get(1);
        ListValue params = (ListValue) bind.arg("params").value();
        assertThat(params.items()).hasSize(5);
        assertThat(params.items().get(1)).extracting(Text::text).containsExactly("text", "x y");
        assertThat(((Text) bind.arg("portal").value()).text()).isEmpty();
    }

    @Test
    void parseWithOnlySqlIsTheUnnamedStatement() throws Exception {
        Step p = ScriptParser.parse("parse \"select 1\"").steps().get(0);
        assertThat(p.has("stmt")).isFalse();
        assertThat(((Text) p.arg("sql").value()).text()).isEqualTo("select 1");
    }

    @Test
    void stringEscapesAndLiteralStrings() throws Exception {
        Step s = ScriptParser.parse("copydata \"1\\tfoo\\n\\x41\\\"\"").steps().get(0);
        assertThat(((Text) s.arg("data").value()).text()).isEqualTo("1\tfoo\nA\"");
        Step q = ScriptParser.parse("query 'select ''a'', \"Col\" from t'").steps().get(0);
        Text t = (Text) q.arg("sql").value();
        assertThat(t.text()).isEqualTo("select 'a', \"Col\" from t");
        assertThat(t.interpolate()).isFalse();
    }

    @Test
    void startupTakesAnyParameterIncludingProtocolOptions() throws Exception {
        Step s = ScriptParser.parse("startup user=alice database=db version=3.2 _pq_.x=y application_name=\"a b\"").steps().get(0);
        assertThat(s.extra()).extracting(Script.Arg::name).containsExactly("user", "database", "_pq_.x", "application_name");
        assertThat(((Text) s.arg("version").value()).text()).isEqualTo("3.2");
    }

    @Test
    void expectAndAwaitForms() throws Exception {
        Script s = ScriptParser.parse("""
                expect ErrorResponse code=26000 message~"does not exist"
                expect CommandComplete tag="SELECT 1"
                await ReadyForQuery
                await 500ms
                expect BackendKeyData as key
                expect closed
                expect nothing 200ms
                await Authentication*
                """);
        assertThat(s.steps()).hasSize(8);
        Step e = s.steps().get(0);
        assertThat(e.extra()).extracting(Script.Arg::name, Script.Arg::op).containsExactly(
                org.assertj.core.groups.Tuple.tuple("code", '='), org.assertj.core.groups.Tuple.tuple("message", '~'));
        assertThat(((Text) s.steps().get(4).arg("as").value()).text()).isEqualTo("key");
        assertThat(s.steps().get(3).has("duration")).isTrue();
    }

    @Test
    void rawBytesAndVariables() throws Exception {
        Script s = ScriptParser.parse("""
                raw 00 00 00 08 04d2162f
                cancel pid=${key.pid} key=${key.key}
                """);
        assertThat(s.steps().get(0).extra()).hasSize(5);
        assertThat(s.steps().get(1).has("pid")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            prase S_1 "select 1"                     | 1 | 1  | unknown command "prase": expected "parse" (did you mean it?)
            execute "" rowz=3                        | 1 | 12 | unknown argument "rowz" for execute: expected "rows" (did you mean it?) (execute [PORTAL] [rows=N])
            execute "" rows=many                     | 1 | 17 | expected a whole number for rows, got "many"
            query "select 1                          | 1 | 7  | unterminated string: expected a closing " before the end of the line
            query 'select 1                          | 1 | 7  | unterminated string: expected a closing ' before the end of the line
            bind params=(int4 1, text "x"            | 1 | 30 | expected ")" to close the list opened at column 13
            bind params=(int4 1,, text "x")          | 1 | 21 | expected an item before ","
            describe thing S_1                       | 1 | 10 | expected statement or portal (or S or P), got "thing"
            close statement                          | 1 | 16 | expected the statement name after close statement ("" for the unnamed one)
            parse S_1 "select 1" types=(int4, nosuch) | 1 | 35 | unknown type "nosuch": expected a built-in type name (int4, text, ...) or an OID
            expect ErrorRespnse code=26000           | 1 | 8  | unknown message type "ErrorRespnse": expected "ErrorResponse" (did you mean it?), closed or nothing
            expect ErrorResponse 26000               | 1 | 22 | expected field=value, field~text or "as NAME", got "26000"
            await soon                               | 1 | 7  | unknown message type "soon": expected one of AuthenticationCleartextPassword, AuthenticationGSS, AuthenticationGSSContinue, AuthenticationKerberosV5, AuthenticationMD5Password, AuthenticationOk, AuthenticationSASL, AuthenticationSASLContinue, AuthenticationSASLFinal, AuthenticationSSPI, BackendKeyData, Bind, ..., closed or a duration
            await 5 parsecs                          | 1 | 7  | expected a duration such as 500ms, 2s or 1m, got "5"
            raw 00 0g                                | 1 | 8  | expected hex bytes (an even number of hex digits, e.g. 04d2 or 0x04d2) or a "string", got "0g"
            copydata "a\\qb"                         | 1 | 12 | unknown escape \\q: expected \\n, \\t, \\r, \\0, \\\\, \\", \\$ or \\xHH
            query "select ${unclosed"                | 1 | 15 | expected "}" to close "${"
            sync now                                 | 1 | 6  | unexpected argument "now": sync takes no more positional arguments (sync)
            execute portal=                          | 1 | 16 | expected a value after "portal=" (write "" for an empty one)
            startup version=4.x                      | 1 | 17 | invalid protocol version "4.x" (expected MAJOR.MINOR such as 3.2, or a number)
            query                                    | 1 | 6  | expected the SQL text, e.g. query "select 1"
            """)
    void errorsSayWhereAndWhatWasExpected(String line, int lineNo, int column, String reason) {
        assertThatThrownBy(() -> ScriptParser.parse(line.strip()))
                .isInstanceOfSatisfying(ScriptException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.line()).isEqualTo(lineNo);
                    assertThat(e.column()).isEqualTo(column);
                });
    }

    @Test
    void errorOnALaterLineCarriesThatLine() {
        assertThatThrownBy(() -> ScriptParser.parse("sync\n\n# comment\n  flush\n  excute \"\"\n"))
                .isInstanceOfSatisfying(ScriptException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.where("demo.pgws")).isEqualTo("demo.pgws:5:3: unknown command \"excute\": expected \"execute\" (did you mean it?)");
                });
    }
}
