package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scenario of the library against PostgreSQL 18, as a role that logs in with a password
 * (SCRAM unless the test says otherwise): each passes exactly when the server answers as its
 * {@code expect} lines document. A few tests also look at the recording.
 */
@ExtendWith(PostgresExtension.class)
class ScenarioTest {

    static final Path LIBRARY = Path.of("..", "resources", "scenarios");
    private static final String USER = "pgwb_scenario";
    private static final String PASSWORD = "scenario pw";

    @BeforeAll
    static void role(PgServer pg) {
        pg.execute("DROP ROLE IF EXISTS " + USER, "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
    }

    @AfterAll
    static void restore(PgServer pg) {
        pg.resetHba();
    }

    @Test
    void libraryHasTheSixteenScenariosEachDescribed() throws Exception {
        ScenarioLibrary lib = ScenarioLibrary.fromDirectory(LIBRARY);
        assertThat(lib.all()).hasSize(16);
        for (Scenario s : lib.all()) {
            assertThat(s.title()).as(s.name()).isNotBlank().isNotEqualTo(s.name());
            assertThat(s.teaches()).as(s.name()).hasSizeGreaterThan(100);
            assertThat(s.outcome()).as(s.name()).isNotBlank();
            assertThat(s.script()).as(s.name()).contains("expect");
            ScriptParser.parse(s.script()); // every scenario parses
        }
        assertThat(lib.find("6")).get().extracting(Scenario::name).isEqualTo("06-close-then-bind");
        assertThat(lib.find("close-then-bind")).isPresent();
    }

    @Test
    void s01StartupWithoutUser(PgServer pg) throws Exception {
        Run r = run(pg, "01");
        assertThat(r.types).contains("StartupMessage", "ErrorResponse").doesNotContain("AuthenticationSASL");
    }

    @Test
    void s02DatabaseDoesNotExist(PgServer pg) throws Exception {
        Run r = run(pg, "02");
        // authentication happened before the database was looked up
        assertThat(r.types).containsSubsequence("AuthenticationSASL", "AuthenticationOk", "ErrorResponse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scram-sha-256", "password", "md5"})
    void s03WrongPassword(String method, PgServer pg) throws Exception {
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 " + method));
        try {
            Run r = run(pg, "03");
            String request = switch (method) {
                case "password" -> "AuthenticationCleartextPassword";
                case "md5" -> "AuthenticationSASL"; // md5 in pg_hba with a SCRAM verifier: the server uses SCRAM
                default -> "AuthenticationSASL";
            };
            assertThat(r.types).contains(request).doesNotContain("AuthenticationOk", "AuthenticationSASLFinal");
        } finally {
            pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
        }
    }

    @Test
    void s04NotAPasswordUnderScram(PgServer pg) throws Exception {
        run(pg, "04");
    }

    @Test
    void s04NotAPasswordUnderCleartext(PgServer pg) throws Exception {
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 password"));
        try {
            Run r = run(pg, "04");
            assertThat(r.types).contains("AuthenticationCleartextPassword", "Parse", "ErrorResponse");
        } finally {
            pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
        }
    }

    @Test
    void s05GarbageStartup(PgServer pg) throws Exception {
        long logSize = java.nio.file.Files.size(pg.serverLog());
        Run r = run(pg, "05");
        // the server said nothing at all: only the client's bytes are recorded
        assertThat(r.backendTypes).isEmpty();
        assertThat(pg.awaitLog(logSize, "invalid length of startup packet")).as("the server log says why").isTrue();
    }

    @Test
    void s06CloseThenBind(PgServer pg) throws Exception {
        run(pg, "06");
    }

    @Test
    void s07CloseUnknownStatement(PgServer pg) throws Exception {
        Run r = run(pg, "07");
        assertThat(r.types).doesNotContain("ErrorResponse");
    }

    @Test
    void s08ParseTwice(PgServer pg) throws Exception {
        run(pg, "08");
    }

    @Test
    void s09PipelineError(PgServer pg) throws Exception {
        Run r = run(pg, "09");
        assertThat(r.backendTypes.stream().filter("ReadyForQuery"::equals).count())
                .as("one ReadyForQuery after login, one for the pipeline, one for the check").isEqualTo(3);
    }

    @Test
    void s10PortalSuspended(PgServer pg) throws Exception {
        run(pg, "10");
    }

    @Test
    void s11CopyIn(PgServer pg) throws Exception {
        Run r = run(pg, "11");
        assertThat(r.types).contains("CopyData", "CopyDone", "CopyFail");
    }

    @Test
    void s12CancelRequest(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            Run r = run(pg, "12", store);
            assertThat(store.connections()).hasSize(2);
            List<Integer> cancelOn = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (d.message() instanceof CancelRequest) {
                    cancelOn.add(f.connectionId());
                }
            });
            assertThat(cancelOn).containsExactly(2);
            assertThat(store.connections().get(0).note()).contains("cancelled by connection 2");
            assertThat(r.result.passed()).isTrue();
        }
    }

    @Test
    void s13Protocol32(PgServer pg) throws Exception {
        Run r = run(pg, "13");
        assertThat(r.types).contains("NegotiateProtocolVersion");
    }

    @Test
    void s14CachedPlanResultType(PgServer pg) throws Exception {
        run(pg, "14");
    }

    @Test
    void s15ListenNotify(PgServer pg) throws Exception {
        Run r = run(pg, "15");
        assertThat(r.types).contains("NotificationResponse");
    }

    @Test
    void s16PoolerStatementMismatch(PgServer pg) throws Exception {
        run(pg, "16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAIT", "STEP"})
    void otherRunModesGiveTheSameOutcome(String mode, PgServer pg) throws Exception {
        for (String n : List.of("06", "09", "10")) {
            try (SessionStore store = SessionStore.createTemporary()) {
                Run r = run(pg, n, store, RunMode.valueOf(mode));
                assertThat(r.result.passed()).as(n + " " + r.result.describe()).isTrue();
            }
        }
    }

    @Test
    void aFailedExpectSaysLineAndWhatCame(PgServer pg) throws Exception {
        Script script = ScriptParser.parse("""
                parse S_1 "select 1"
                sync
                expect ParseComplete
                expect ErrorResponse code=26000
                """);
        try (SessionStore store = SessionStore.createTemporary();
             WireClient client = new WireClient(settings(pg), store, null, null, null)) {
            ScriptRunner.Result r = new ScriptRunner(client, RunMode.ALL, null).run(script);
            assertThat(r.passed()).isFalse();
            assertThat(r.failedStep().line()).isEqualTo(4);
            assertThat(r.describe()).startsWith("line 4: expected ErrorResponse code=\"26000\", got ReadyForQuery");
        }
    }

    // ------------------------------------------------------------------

    record Run(ScriptRunner.Result result, List<String> types, List<String> backendTypes) {
    }

    static ConnectionSettings settings(PgServer pg) {
        return ConnectionSettings.of(pg.host(), pg.port(), USER, "postgres").withPassword(PASSWORD);
    }

    private static Run run(PgServer pg, String number) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            return run(pg, number, store);
        }
    }

    private static Run run(PgServer pg, String number, SessionStore store) throws Exception {
        return run(pg, number, store, RunMode.ALL);
    }

    private static Run run(PgServer pg, String number, SessionStore store, RunMode mode) throws Exception {
        Scenario s = ScenarioLibrary.fromDirectory(LIBRARY).find(number).orElseThrow();
        ScriptRunner.Result result;
        try (WireClient client = new WireClient(settings(pg), store, null, null, null)) {
            result = new ScriptRunner(client, mode, null).run(ScriptParser.parse(s.script()));
        }
        List<String> types = new ArrayList<>();
        List<String> backend = new ArrayList<>();
        SessionDecoder.decodeAll(store, false, (f, d) -> {
            types.add(d.typeName());
            if (f.frame().direction() == dev.pgwb.protocol.wire.Direction.BACKEND && !d.typeName().equals("SSLResponse")) {
                backend.add(d.typeName());
            }
        });
        assertThat(result.passed()).as(s.name() + ": " + result.describe() + "\nrecorded: " + types).isTrue();
        return new Run(result, types, backend);
    }
}
