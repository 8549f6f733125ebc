package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Authentication;
import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.AuthenticationResponse;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CloseComplete;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Malformed;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NotificationResponse;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.PortalSuspended;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.SASLResponse;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.wire.Direction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scenario of the library against PostgreSQL 18, as a role that logs in with a password
 * (SCRAM unless the test says otherwise): each passes exactly when the server answers as its
 * {@code expect} lines document, and the recording's analysis says what the scenario is there to show:
 * the SQLSTATE and cause of its error, naming the frame that caused it (the Close, the ALTER, the
 * CancelRequest...), which each test finds in the recording by itself; or, for a scenario without an
 * error, no diagnosis and the pairing it teaches.
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
            assertThat(s.requires().isEmpty() || s.minimumServerVersion().isPresent())
                    .as(s.name() + ": requires: " + s.requires() + " names a version").isTrue();
        }
        assertThat(lib.all()).filteredOn(s -> !s.requires().isEmpty()).extracting(Scenario::name).containsExactly("13-protocol-3-2");
        assertThat(lib.find("13").orElseThrow().minimumServerVersion()).get().extracting(ServerVersion::major).isEqualTo(18);
        assertThat(lib.find("6")).get().extracting(Scenario::name).isEqualTo("06-close-then-bind");
        assertThat(lib.find("close-then-bind")).isPresent();
    }

    @Test
    void s01StartupWithoutUser(PgServer pg) throws Exception {
        Run r = run(pg, "01");
        assertThat(r.types).contains("StartupMessage", "ErrorResponse").doesNotContain("AuthenticationSASL");
        Rec startup = r.first(1, StartupMessage.class);
        assertThat(((StartupMessage) startup.message()).parameters()).extracting(StartupParameter::name).doesNotContain("user");
        Diagnosis d = r.only("28000");
        assertThat(d.cause()).isEqualTo("no-user");
        assertThat(d.seq()).isEqualTo(r.first(1, ErrorResponse.class).seq());
        assertNames(d, startup);
        assertThat(d.explanation()).contains("#" + startup.seq()).contains("\"user\"");
        assertThat(r.analysis.diagnoses()).as("the refusal is the only thing to say").hasSize(1);
    }

    @Test
    void s02DatabaseDoesNotExist(PgServer pg) throws Exception {
        Run r = run(pg, "02");
        // authentication happened before the database was looked up
        assertThat(r.types).containsSubsequence("AuthenticationSASL", "AuthenticationOk", "ErrorResponse");
        Diagnosis d = r.only("3D000");
        assertThat(d.cause()).isEqualTo("database");
        assertThat(d.subject()).isEqualTo("pgwb_no_such_database");
        Rec startup = r.first(1, StartupMessage.class);
        assertNames(d, startup);
        assertThat(d.explanation()).contains("#" + startup.seq()).contains("\"pgwb_no_such_database\"");
        assertThat(r.first(1, AuthenticationOk.class).seq()).as("the password was right").isLessThan(d.seq());
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
            // the refused credential: the client's last answer before the error (the SCRAM proof, or the password)
            Class<? extends FrontendMessage> refused = method.equals("password") ? PasswordMessage.class : SASLResponse.class;
            Rec answer = r.last(1, AuthenticationResponse.class);
            assertThat(answer.message()).isInstanceOf(refused);
            Diagnosis d = r.only("28P01");
            assertThat(d.cause()).isEqualTo("password");
            assertThat(d.subject()).isEqualTo(USER);
            assertNames(d, r.first(1, StartupMessage.class), answer);
            assertThat(d.explanation()).contains(answer.type() + " at #" + answer.seq());
        } finally {
            pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
        }
    }

    @Test
    void s04NotAPasswordUnderScram(PgServer pg) throws Exception {
        Run r = run(pg, "04");
        assertParseInsteadOfPassword(r, "SASL");
    }

    @Test
    void s04NotAPasswordUnderCleartext(PgServer pg) throws Exception {
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 password"));
        try {
            Run r = run(pg, "04");
            assertThat(r.types).contains("AuthenticationCleartextPassword", "Parse", "ErrorResponse");
            assertParseInsteadOfPassword(r, "cleartext");
        } finally {
            pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
        }
    }

    /** 08P01 names the Parse sent where the password belonged; the Parse was no request of its own (nothing waits for Sync). */
    private static void assertParseInsteadOfPassword(Run r, String method) {
        Rec parse = r.first(1, Parse.class);
        Rec asked = r.first(1, Authentication.class);
        assertThat(asked.seq()).as("the server asked for the password before the Parse came").isLessThan(parse.seq());
        Diagnosis d = r.only("08P01");
        assertThat(d.cause()).isEqualTo("protocol-violation");
        assertNames(d, parse);
        assertThat(d.explanation()).contains("Parse at #" + parse.seq()).contains("authentication request").containsIgnoringCase(method);
        assertThat(r.analysis.diagnoses()).as("no execute-without-sync for a Parse the server read as a password").hasSize(1);
    }

    @Test
    void s05GarbageStartup(PgServer pg) throws Exception {
        long logSize = java.nio.file.Files.size(pg.serverLog());
        Run r = run(pg, "05");
        // the server said nothing at all: only the client's bytes are recorded
        assertThat(r.backendTypes).isEmpty();
        assertThat(pg.awaitLog(logSize, "invalid length of startup packet")).as("the server log says why").isTrue();
        // "GET " read as the startup packet's length: 0x47455420
        Rec first = r.frames.get(0);
        assertThat(first.message()).isInstanceOf(Malformed.class);
        assertThat(first.decoded().problems()).anySatisfy(p -> assertThat(p).contains("startup packet length " + 0x47455420));
        // and the analysis says what the bytes are and what the server did with them, as its log does
        Diagnosis d = r.analysis.diagnoses().get(0);
        assertThat(r.analysis.diagnoses()).hasSize(1);
        assertThat(d.code() + "/" + d.cause()).isEqualTo("08P01/http-request");
        assertThat(d.seqsOn(1)).containsExactly(first.seq());
        assertThat(d.explanation()).contains("GET / HTTP/1.1", "invalid length of startup packet");
    }

    @Test
    void s06CloseThenBind(PgServer pg) throws Exception {
        Run r = run(pg, "06");
        Rec parse = r.first(1, Parse.class);
        Rec close = r.first(1, Close.class);
        Rec bind = r.first(1, Bind.class);
        Rec error = r.first(1, ErrorResponse.class);
        Diagnosis d = r.only("26000");
        assertThat(d.cause()).isEqualTo("closed-by-close");
        assertThat(d.subject()).isEqualTo("S_1");
        assertThat(d.seq()).isEqualTo(error.seq());
        assertNames(d, parse, close, bind, error);
        assertThat(d.explanation()).contains("#" + parse.seq()).contains("Close at #" + close.seq()).contains("Bind at #" + bind.seq());
        Diagnosis skipped = r.only("pipeline-continued-after-error");
        assertNames(skipped, r.first(1, Execute.class));
        assertThat(r.analysis.frame(1, r.first(1, Execute.class).seq()).status()).isEqualTo(Request.Status.SKIPPED);
    }

    @Test
    void s07CloseUnknownStatement(PgServer pg) throws Exception {
        Run r = run(pg, "07");
        assertThat(r.types).doesNotContain("ErrorResponse");
        assertThat(r.analysis.diagnoses()).as("closing what does not exist is no error").isEmpty();
        assertThat(r.analysis.frame(1, r.first(1, CloseComplete.class).seq()).replyTo()).isEqualTo(r.first(1, Close.class).seq());
    }

    @Test
    void s08ParseTwice(PgServer pg) throws Exception {
        Run r = run(pg, "08");
        Rec first = r.nth(1, Parse.class, 0);
        Rec second = r.nth(1, Parse.class, 1);
        Diagnosis d = r.only("42P05");
        assertThat(d.cause()).isEqualTo("already-prepared");
        assertThat(d.subject()).isEqualTo("S_1");
        assertNames(d, first, second);
        assertThat(d.explanation()).contains("prepared at #" + first.seq()).contains("Parse at #" + second.seq());
        assertThat(r.analysis.frame(1, second.seq()).status()).isEqualTo(Request.Status.FAILED);
    }

    @Test
    void s09PipelineError(PgServer pg) throws Exception {
        Run r = run(pg, "09");
        assertThat(r.backendTypes.stream().filter("ReadyForQuery"::equals).count())
                .as("one ReadyForQuery after login, one for the pipeline, one for the check").isEqualTo(3);
        Rec bad = r.frames.stream().filter(f -> f.message() instanceof Parse p && p.statement().equals("S_bad")).findFirst().orElseThrow();
        Rec sync = r.first(1, Sync.class);
        Rec error = r.first(1, ErrorResponse.class);
        Diagnosis d = r.only("42601");
        assertThat(d.seq()).isEqualTo(error.seq());
        assertNames(d, bad, error);
        // every message between the failed Parse and Sync was skipped, and the warning names exactly those
        List<Long> between = r.frames.stream().filter(f -> f.conn() == 1 && f.dir() == Direction.FRONTEND
                && f.seq() > bad.seq() && f.seq() < sync.seq()).map(Rec::seq).toList();
        assertThat(between).hasSize(3); // Bind, Execute, Parse S_after
        Diagnosis pipeline = r.only("pipeline-continued-after-error");
        assertThat(pipeline.seqsOn(1)).containsExactlyInAnyOrderElementsOf(concat(between, error.seq()));
        for (long s : between) {
            assertThat(r.analysis.frame(1, s).status()).as("#" + s).isEqualTo(Request.Status.SKIPPED);
        }
    }

    @Test
    void s10PortalSuspended(PgServer pg) throws Exception {
        Run r = run(pg, "10");
        assertThat(r.analysis.diagnoses()).as("a suspended portal resumed is no error").isEmpty();
        Rec firstExecute = r.nth(1, Execute.class, 0);
        Rec secondExecute = r.nth(1, Execute.class, 1);
        Rec suspended = r.first(1, PortalSuspended.class);
        assertThat(r.analysis.frame(1, firstExecute.seq()).replies()).as("two rows, then PortalSuspended")
                .containsExactly(r.nth(1, DataRow.class, 0).seq(), r.nth(1, DataRow.class, 1).seq(), suspended.seq());
        assertThat(r.analysis.frame(1, secondExecute.seq()).replies()).as("the rest of the rows from the same portal")
                .containsExactly(r.nth(1, DataRow.class, 2).seq(), r.nth(1, DataRow.class, 3).seq(), r.nth(1, DataRow.class, 4).seq(),
                        r.first(1, CommandComplete.class).seq());
        assertThat(((CommandComplete) r.first(1, CommandComplete.class).message()).tag()).isEqualTo("SELECT 3");
    }

    @Test
    void s11CopyIn(PgServer pg) throws Exception {
        Run r = run(pg, "11");
        assertThat(r.types).contains("CopyData", "CopyDone", "CopyFail");
        Rec copyFail = r.first(1, CopyFail.class);
        Rec abortedCopy = r.nth(1, Query.class, 2);
        assertThat(((Query) abortedCopy.message()).sql()).startsWith("copy");
        Diagnosis d = r.only("57014");
        assertThat(d.cause()).as("the client's CopyFail, not a CancelRequest").isEqualTo("copy-fail");
        assertNames(d, abortedCopy, copyFail);
        assertThat(d.explanation()).contains("CopyFail at #" + copyFail.seq()).contains("changed my mind");
        assertThat(r.analysis.diagnoses()).hasSize(1);
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
            Rec cancel = r.first(2, CancelRequest.class);
            Rec query = r.first(1, Query.class);
            assertThat(((CancelRequest) cancel.message()).processId())
                    .isEqualTo(((BackendKeyData) r.first(1, BackendKeyData.class).message()).processId());
            Diagnosis d = r.only("57014");
            assertThat(d.cause()).isEqualTo("cancel-request");
            assertThat(d.connection()).isEqualTo(1);
            assertNames(d, query, cancel);
            assertThat(d.explanation()).contains("connection 2").contains("Query at #" + query.seq());
        }
    }

    @Test
    void s13Protocol32(PgServer pg) throws Exception {
        Run r = run(pg, "13");
        assertThat(r.types).contains("NegotiateProtocolVersion");
        assertThat(r.analysis.diagnoses()).isEmpty();
        // asked 3.3 on the second connection, lowered to 3.2 by NegotiateProtocolVersion; 3.2 as is on the first
        assertThat(((StartupMessage) r.first(2, StartupMessage.class).message()).protocolVersion()).isEqualTo(0x00030003);
        assertThat(r.first(2, NegotiateProtocolVersion.class).seq()).isLessThan(r.first(2, Authentication.class).seq());
        assertThat(r.analysis.conversation(1).orElseThrow().protocolVersion()).isEqualTo(0x00030002);
        assertThat(r.analysis.conversation(2).orElseThrow().protocolVersion()).isEqualTo(0x00030002);
        for (int conn : List.of(1, 2)) {
            assertThat(((BackendKeyData) r.first(conn, BackendKeyData.class).message()).secretKey().length()).isEqualTo(32);
        }
    }

    @Test
    void s14CachedPlanResultType(PgServer pg) throws Exception {
        Run r = run(pg, "14");
        Rec parse = r.first(1, Parse.class);
        Rec alter = r.frames.stream().filter(f -> f.message() instanceof Query q && q.sql().startsWith("alter table")).findFirst().orElseThrow();
        Rec secondBind = r.nth(1, Bind.class, 1);
        Diagnosis d = r.only("0A000");
        assertThat(d.cause()).isEqualTo("schema-changed");
        assertThat(d.subject()).isEqualTo("S_plan");
        assertNames(d, parse, alter, secondBind);
        assertThat(d.explanation()).contains("prepared at #" + parse.seq()).contains("ALTER TABLE at #" + alter.seq());
    }

    @Test
    void s15ListenNotify(PgServer pg) throws Exception {
        Run r = run(pg, "15");
        assertThat(r.types).contains("NotificationResponse");
        assertThat(r.analysis.diagnoses()).isEmpty();
        Rec notification = r.first(1, NotificationResponse.class);
        assertThat(r.analysis.frame(1, notification.seq()).replyTo()).as("a NotificationResponse answers no request").isEqualTo(-1);
        assertThat(notification.seq()).as("it came to an idle listener").isGreaterThan(r.last(1, ReadyForQuery.class).seq());
        assertThat(((NotificationResponse) notification.message()).processId()).as("it names the notifying backend")
                .isEqualTo(((BackendKeyData) r.first(2, BackendKeyData.class).message()).processId());
    }

    @Test
    void s16PoolerStatementMismatch(PgServer pg) throws Exception {
        Run r = run(pg, "16");
        Rec parse = r.first(1, Parse.class);
        Rec bind = r.first(2, Bind.class);
        Diagnosis d = r.only("26000");
        assertThat(d.cause()).isEqualTo("prepared-on-other-connection");
        assertThat(d.connection()).isEqualTo(2);
        assertNames(d, parse, bind);
        assertThat(d.explanation()).contains("connection 1 at #" + parse.seq());
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

    /** One recorded frame, decoded: scenario tests find the frame a diagnosis should name by themselves. */
    record Rec(int conn, long seq, Direction dir, Decoded decoded) {
        Message message() {
            return decoded.message();
        }

        String type() {
            return decoded.typeName();
        }
    }

    record Run(ScriptRunner.Result result, List<String> types, List<String> backendTypes, List<Rec> frames,
               SessionAnalysis analysis) {

        /** The n-th (from 0) recorded message of this type on a connection. */
        Rec nth(int conn, Class<? extends Message> type, int n) {
            return frames.stream().filter(f -> f.conn() == conn && type.isInstance(f.message())).skip(n).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " #" + n + " on connection " + conn));
        }

        Rec first(int conn, Class<? extends Message> type) {
            return nth(conn, type, 0);
        }

        Rec last(int conn, Class<? extends Message> type) {
            List<Rec> all = frames.stream().filter(f -> f.conn() == conn && type.isInstance(f.message())).toList();
            assertThat(all).as(type.getSimpleName() + " on connection " + conn).isNotEmpty();
            return all.get(all.size() - 1);
        }

        /** The one diagnosis of the session with this code (SQLSTATE or warning key). */
        Diagnosis only(String code) {
            List<Diagnosis> ds = analysis.diagnoses().stream().filter(d -> d.code().equals(code)).toList();
            assertThat(ds).as("diagnoses " + code + " among " + analysis.diagnoses()).hasSize(1);
            return ds.get(0);
        }
    }

    /** The diagnosis names each of these frames (connection and seq). */
    private static void assertNames(Diagnosis d, Rec... frames) {
        List<Tuple> named = d.frames().stream().map(f -> Tuple.tuple(f.connection(), f.seq())).toList();
        for (Rec f : frames) {
            assertThat(named).as(d.code() + "/" + d.cause() + " names the " + f.type() + " #" + f.seq() + " on connection "
                    + f.conn() + ": " + d.frames()).contains(Tuple.tuple(f.conn(), f.seq()));
        }
    }

    private static List<Long> concat(List<Long> list, long one) {
        List<Long> all = new ArrayList<>(list);
        all.add(one);
        return all;
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
            ScriptRunner runner = new ScriptRunner(client, mode, null); // as pgwb run and the composer run a scenario
            s.minimumServerVersion().ifPresent(runner::requireServer);
            result = runner.run(ScriptParser.parse(s.script()));
        }
        List<String> types = new ArrayList<>();
        List<String> backend = new ArrayList<>();
        List<Rec> frames = new ArrayList<>();
        SessionDecoder.decodeAll(store, false, (f, d) -> {
            types.add(d.typeName());
            frames.add(new Rec(f.connectionId(), f.frame().seq(), f.frame().direction(), d));
            if (f.frame().direction() == Direction.BACKEND && !d.typeName().equals("SSLResponse")) {
                backend.add(d.typeName());
            }
        });
        assertThat(result.passed()).as(s.name() + ": " + result.describe() + "\nrecorded: " + types).isTrue();
        return new Run(result, types, backend, frames, SessionAnalysis.of(store));
    }
}
