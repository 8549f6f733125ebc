package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What scripts can say beyond the scenarios: binary values, variables, by-hand authentication, raw bytes, fast path. */
@ExtendWith(PostgresExtension.class)
class ScriptRunnerTest {

    private static ScriptRunner.Result run(PgServer pg, String script, SessionStore store) throws Exception {
        try (WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres"), store,
                null, null, null)) {
            return new ScriptRunner(client, RunMode.ALL, null).run(ScriptParser.parse(script));
        }
    }

    private static ScriptRunner.Result run(PgServer pg, String script) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            return run(pg, script, store);
        }
    }

    @Test
    void binaryParametersAreEncodedAsTheServerReadsThem(PgServer pg) throws Exception {
        ScriptRunner.Result r = run(pg, """
                parse S_types "select $1::int8 + 1, $2::bool, $3::float8 * 2, $4::text, $5::int4 is null, $6::uuid, $7::bytea" types=(int8, bool, float8, text, int4, uuid, bytea)
                bind "" S_types params=(int8:binary 10000, bool:binary true, float8:binary 1.25, text:binary "héllo", null, uuid:binary 0b0e6ab2-6f2e-4d4c-9d67-5f1c2a9b8e11, bytea:binary 0xdeadbeef)
                execute ""
                sync
                expect ParseComplete
                expect BindComplete
                expect DataRow values="10001,t,2.5,héllo,t,0b0e6ab2-6f2e-4d4c-9d67-5f1c2a9b8e11,\\\\xdeadbeef"
                expect CommandComplete tag="SELECT 1"
                expect ReadyForQuery
                bind "" S_types params=(1, f, 3, "x", 7, 0b0e6ab2-6f2e-4d4c-9d67-5f1c2a9b8e11, "\\\\x00") results=binary
                execute ""
                sync
                expect BindComplete
                expect DataRow as row
                expect CommandComplete
                expect ReadyForQuery
                """);
        assertThat(r.passed()).as(r.describe()).isTrue();
    }

    @Test
    void mixedFormatsGetOneCodePerParameter(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            ScriptRunner.Result r = run(pg, """
                    parse "" "select $1::int4 + $2::int4" types=(int4, int4)
                    bind params=(int4:binary 40, 2)
                    execute
                    sync
                    await DataRow values=42
                    expect CommandComplete
                    """, store);
            assertThat(r.passed()).as(r.describe()).isTrue();
            List<Bind> binds = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (d.message() instanceof Bind b) {
                    binds.add(b);
                }
            });
            assertThat(binds.get(0).parameterFormats()).containsExactly(1, 0);
            assertThat(binds.get(0).parameters()).containsExactly(Bytes.ofHex("00000028"), Bytes.ofAscii("2"));
        }
    }

    @Test
    void variablesFromRepliesDriveACancelByHand(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            ScriptRunner.Result r = run(pg, """
                    startup user=$user database=$database version=3.2
                    auth
                    expect BackendKeyData as key
                    expect ReadyForQuery
                    set why "changed my mind"
                    note "cancelling process ${key.pid}: $why"
                    query "select pg_sleep(20)"
                    await 400ms
                    cancel pid=${key.pid} key=${key.key}
                    await ErrorResponse code=57014
                    expect ReadyForQuery status=I
                    """, store);
            assertThat(r.passed()).as(r.describe()).isTrue();
            List<CancelRequest> cancels = new ArrayList<>();
            SessionDecoder.decodeAll(store, true, (f, d) -> {
                if (d.message() instanceof CancelRequest c) {
                    cancels.add(c);
                }
            });
            assertThat(cancels).singleElement().satisfies(c -> assertThat(c.secretKey().length()).isEqualTo(32));
        }
    }

    @Test
    void scramByHandShowsEachStep(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS pgwb_by_hand", "CREATE ROLE pgwb_by_hand LOGIN PASSWORD 'x'");
        pg.setHba(List.of("host all pgwb_by_hand 127.0.0.1/32 scram-sha-256"));
        try {
            // a client-first-message with a nonce, then garbage for the final message: the server rejects the proof format
            ScriptRunner.Result r = run(pg, """
                    startup user=pgwb_by_hand database=postgres
                    expect AuthenticationSASL mechanisms=SCRAM-SHA-256
                    sasl SCRAM-SHA-256 "n,,n=,r=pgwbnonce"
                    expect AuthenticationSASLContinue as first
                    note "server-first: ${first.data}"
                    sasl "c=biws,r=pgwbnonce-not-the-servers,p=AAAA"
                    expect ErrorResponse severity=FATAL code=08P01
                    expect closed
                    """);
            assertThat(r.passed()).as(r.describe()).isTrue();
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void rawBytesAnInvalidStartupLength(PgServer pg) throws Exception {
        // a declared length of 4, below the 8 bytes any startup packet has: the server logs "invalid length of startup packet" and closes
        ScriptRunner.Result r = run(pg, """
                raw 00 00 00 04 04d2162f
                expect closed
                """);
        assertThat(r.passed()).as(r.describe()).isTrue();
    }

    @Test
    void fastPathFunctionCall(PgServer pg) throws Exception {
        ScriptRunner.Result r = run(pg, """
                functioncall oid=177 args=(int4:binary 40, int4:binary 2) result=binary
                expect FunctionCallResponse result=0000002a
                expect ReadyForQuery
                """);
        assertThat(r.passed()).as(r.describe()).isTrue();
    }

    @Test
    void expectNothingFailsWhenSomethingComes(PgServer pg) throws Exception {
        ScriptRunner.Result r = run(pg, """
                query "select 1"
                expect nothing 2s
                """);
        assertThat(r.passed()).isFalse();
        assertThat(r.describe()).startsWith("line 2: expected nothing more within 2000 ms, got RowDescription");
    }

    @Test
    void unknownVariableStopsTheRunWithItsName(PgServer pg) throws Exception {
        ScriptRunner.Result r = run(pg, "query \"select ${nope}\"\n");
        assertThat(r.describe()).isEqualTo("line 1: unknown variable $nope (set it with set, or with expect ... as nope)");
    }

    @Test
    void sslRequestByHandThenStartup(PgServer pg) throws Exception {
        ScriptRunner.Result r = run(pg, """
                sslrequest
                expect SSLResponse answer=N
                startup user=$user database=$database
                login
                query "select 1"
                await ReadyForQuery
                """);
        assertThat(r.passed()).as(r.describe()).isTrue();
    }

    /** Stopped while a statement runs, the run cancels it (a CancelRequest, like psql's Ctrl+C) instead of leaving it to finish. */
    @Test
    void stopDuringAStatementCancelsIt(PgServer pg) throws Exception {
        String sql = "select pg_sleep(60) /* pgwb-stop-test */";
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres"), store,
                    null, null, null);
                 java.sql.Connection watcher = pg.connect()) {
                ScriptRunner runner = new ScriptRunner(client, RunMode.ALL, null);
                java.util.concurrent.CompletableFuture<ScriptRunner.Result> result = new java.util.concurrent.CompletableFuture<>();
                Thread.ofPlatform().start(() -> {
                    try {
                        result.complete(runner.run(ScriptParser.parse("query \"" + sql + "\"\nawait ReadyForQuery\n")));
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                });
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (running(watcher, sql) == 0) {
                    assertThat(System.nanoTime()).as("the statement starts").isLessThan(deadline);
                }
                runner.stop();
                ScriptRunner.Result r = result.get(20, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.failure()).isEqualTo("stopped");
                deadline = System.nanoTime() + 10_000_000_000L;
                while (running(watcher, sql) > 0) {
                    assertThat(System.nanoTime()).as("the server stops the statement well before its 60 s").isLessThan(deadline);
                }
                client.sync(10_000);
            }
            List<String> frontend = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (f.frame().direction() == dev.pgwb.protocol.wire.Direction.FRONTEND) {
                    frontend.add(d.typeName());
                }
            });
            assertThat(frontend).contains("CancelRequest").endsWith("Terminate");
        }
    }

    /** Backends running {@code sql} now, as pg_stat_activity says. */
    private static int running(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "select count(*) from pg_stat_activity where query = ? and state = 'active'")) {
            ps.setString(1, sql);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void stopEndsAWaitingRunAndSaysTerminateOnEachLoggedInConnection(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres"), store,
                    null, null, null)) {
                ScriptRunner runner = new ScriptRunner(client, RunMode.ALL, null);
                java.util.concurrent.CompletableFuture<ScriptRunner.Result> result = new java.util.concurrent.CompletableFuture<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        result.complete(runner.run(ScriptParser.parse("query \"select 1\"\nawait ReadyForQuery\nawait 60s\nquery \"select 2\"\n")));
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                });
                // the run is inside its 60 s pause once the first ReadyForQuery after the query is in
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (store.frameCount() < 2 || !lastIsReady(store)) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.onSpinWait();
                }
                long before = System.nanoTime();
                runner.stop();
                ScriptRunner.Result r = result.get(20, java.util.concurrent.TimeUnit.SECONDS);
                t.join(5_000);
                assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(10_000);
                assertThat(r.passed()).isFalse();
                assertThat(r.failure()).isEqualTo("stopped");
                assertThat(r.failedStep().line()).isEqualTo(3);
                client.sync(10_000);
            }
            List<String> frontend = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (f.frame().direction() == dev.pgwb.protocol.wire.Direction.FRONTEND) {
                    frontend.add(d.typeName());
                }
            });
            assertThat(frontend).endsWith("Query", "Terminate").doesNotHaveDuplicates();
        }
    }

    private static boolean lastIsReady(SessionStore store) {
        List<String> types = new ArrayList<>();
        SessionDecoder.decodeAll(store, false, (f, d) -> types.add(d.typeName()));
        return types.stream().filter(x -> x.equals("ReadyForQuery")).count() >= 2;
    }
}
