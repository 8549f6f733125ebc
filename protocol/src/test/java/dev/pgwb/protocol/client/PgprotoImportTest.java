package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PgprotoImportTest {

    /** A data file in pgproto's format (tabs between fields), as pgpool's regression tests write them. */
    static final String DATA = String.join("\n",
            "# Test data for pgproto",
            "'Q'\t\"SELECT 1\"",
            "'Y'",
            "'P'\t\"S1\"\t\"SELECT $1::int + 1\"\t1\t23",
            "'B'\t\"\"\t\"S1\"\t0\t1\t2\t\"41\"\t0",
            "'D'\t'P'\t\"\"",
            "'E'\t\"\"\t0",
            "'C'\t'S'\t\"S1\"",
            "'S'",
            "'Y'",
            "'X'",
            "");

    @Test
    void convertsEachLine() throws Exception {
        String script = PgprotoImport.toScript(DATA);
        assertThat(script.lines().toList()).containsSubsequence(
                "# Test data for pgproto",
                "query \"SELECT 1\"",
                "await ReadyForQuery",
                "parse \"S1\" \"SELECT \\$1::int + 1\" types=(23)",
                "bind \"\" \"S1\" params=(\"41\")",
                "describe portal \"\"",
                "execute \"\"",
                "close statement \"S1\"",
                "sync",
                "await ReadyForQuery",
                "terminate");
    }

    @Test
    void theImportedScriptRunsAndSendsTheSameValues(PgServer pg) throws Exception {
        Script script = ScriptParser.parse(PgprotoImport.toScript(DATA));
        List<Bind> binds = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), "postgres", "postgres"), store,
                    null, null, null)) {
                ScriptRunner.Result r = new ScriptRunner(client, RunMode.ALL, null).run(script);
                assertThat(r.passed()).as(r.describe()).isTrue();
            }
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                types.add(d.typeName());
                if (d.message() instanceof Bind b) {
                    binds.add(b);
                }
            });
        }
        assertThat(binds).containsExactly(new Bind("", "S1", List.of(), List.of(Bytes.ofAscii("41")), List.of()));
        assertThat(types).containsSubsequence("Parse", "Bind", "Describe", "Execute", "Close", "Sync",
                "ParseComplete", "BindComplete", "RowDescription", "DataRow", "CommandComplete", "CloseComplete", "ReadyForQuery",
                "Terminate");
    }

    @Test
    void badLinesSayWhere() {
        assertThatThrownBy(() -> PgprotoImport.toScript("'Q'\t\"ok\"\n'Z'\n"))
                .isInstanceOfSatisfying(ScriptException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.reason()).startsWith("unknown pgproto message kind 'Z'");
                });
        assertThatThrownBy(() -> PgprotoImport.toScript("'E'\t\"\"\tmany\n"))
                .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.column()).isEqualTo(8));
    }
}
