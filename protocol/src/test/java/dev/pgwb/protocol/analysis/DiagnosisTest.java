package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.FrameRef;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each diagnosed case reproduced for real: raw frames built by the encoder, sent through a
 * recording relay to PostgreSQL 18, the recording analysed, and the diagnosis checked to name the
 * right frames.
 */
@ExtendWith(PostgresExtension.class)
class DiagnosisTest {
    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path tmp;

    private PgServer pg;
    private Relay relay;
    private SessionStore store;

    @BeforeEach
    void setUp(PgServer pg) throws Exception {
        this.pg = pg;
        store = SessionStore.create(tmp.resolve("session.pgwb"));
        relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store);
    }

    @AfterEach
    void tearDown() throws Exception {
        relay.close();
        store.close();
    }

    private RawClient client() throws Exception {
        return RawClient.connect(relay.port(), "postgres");
    }

    private SessionAnalysis analyse() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (relay.activeConnections() > 0 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        return SessionAnalysis.of(store);
    }

    static Bind bind(String portal, String statement, String... textParams) {
        return new Bind(portal, statement, List.of(),
                java.util.Arrays.stream(textParams).map(p -> p == null ? null : Bytes.ofAscii(p)).toList(), List.of());
    }

    /** The seq of the n-th (from 0) request of this type on the connection. */
    static long seq(Conversation c, Class<? extends FrontendMessage> type, int nth) {
        return c.requests().stream().filter(r -> type.isInstance(r.message())).skip(nth).findFirst().orElseThrow().seq();
    }

    static Diagnosis only(SessionAnalysis a, int conn, String code) {
        List<Diagnosis> ds = a.diagnoses(conn).stream().filter(d -> d.code().equals(code)).toList();
        assertThat(ds).as("diagnoses " + code + " on connection " + conn + " of " + a.diagnoses()).hasSize(1);
        return ds.get(0);
    }

    @Test
    void closeThenBindOfS1NamesTheClose() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("S_1", "SELECT $1::int", List.of()), new Sync()).untilReady();
            c.send(new Close('S', "S_1"), new Sync()).untilReady();
            assertThat(c.send(bind("", "S_1", "42"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("26000");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "26000");
        long parse = seq(conv, Parse.class, 0);
        long close = seq(conv, Close.class, 0);
        long bind = seq(conv, Bind.class, 0);
        assertThat(d.cause()).isEqualTo("closed-by-close");
        assertThat(d.subject()).isEqualTo("S_1");
        assertThat(d.seqsOn(1)).contains(parse, close, bind, d.seq());
        assertThat(d.explanation()).contains("#" + parse).contains("Close at #" + close).contains("#" + bind);
        // the Execute after the failing Bind was skipped, and said so
        Request execute = conv.request(seq(conv, Execute.class, 0)).orElseThrow();
        assertThat(execute.status()).isEqualTo(Request.Status.SKIPPED);
        assertThat(execute.skippedBecauseOf()).isEqualTo(d.seq());
        Diagnosis skipped = only(a, 1, "pipeline-continued-after-error");
        assertThat(skipped.seqsOn(1)).contains(execute.seq());
        // the statement's life in the registry
        StatementEntry s = conv.registry().statementsNamed("S_1").get(0);
        assertThat(s.parseSeq()).isEqualTo(parse);
        assertThat(s.endSeq()).isEqualTo(close);
        assertThat(s.endCause()).isEqualTo("Close");
    }

    @Test
    void statementPreparedOnOneConnectionUsedOnAnother() throws Exception {
        try (RawClient first = client(); RawClient second = client()) {
            first.send(new Parse("S_1", "SELECT 1", List.of()), new Sync()).untilReady();
            assertThat(second.send(bind("", "S_1"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("26000");
        }
        SessionAnalysis a = analyse();
        Diagnosis d = only(a, 2, "26000");
        long parse = seq(a.conversation(1).orElseThrow(), Parse.class, 0);
        long bind = seq(a.conversation(2).orElseThrow(), Bind.class, 0);
        assertThat(d.cause()).isEqualTo("prepared-on-other-connection");
        assertThat(d.frames()).extracting(FrameRef::connection, FrameRef::seq)
                .contains(org.assertj.core.groups.Tuple.tuple(1, parse), org.assertj.core.groups.Tuple.tuple(2, bind));
        assertThat(d.explanation()).contains("connection 1 at #" + parse).contains("transaction-pooling");
    }

    @Test
    void discardAllBetweenParseAndBind() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("S_1", "SELECT 1", List.of()), new Sync()).untilReady();
            c.send(new Query("DISCARD ALL")).untilReady();
            assertThat(c.send(bind("", "S_1"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("26000");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "26000");
        long discard = seq(conv, Query.class, 0);
        assertThat(d.cause()).isEqualTo("closed-by-discard-all");
        assertThat(d.seqsOn(1)).contains(seq(conv, Parse.class, 0), discard, seq(conv, Bind.class, 0));
        assertThat(d.explanation()).contains("DISCARD ALL at #" + discard);
    }

    @Test
    void failingParseInsideAPipeline() throws Exception {
        try (RawClient c = client()) {
            assertThat(c.send(new Parse("S_1", "SELEC 1", List.of()), bind("", "S_1"), new Execute("", 0), new Sync())
                    .errorsUntilReady()).containsExactly("42601");
            assertThat(c.send(bind("", "S_1"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("26000");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        long parse = seq(conv, Parse.class, 0);
        long parseError = conv.errors().keySet().iterator().next();
        Request skippedBind = conv.request(seq(conv, Bind.class, 0)).orElseThrow();
        Request skippedExecute = conv.request(seq(conv, Execute.class, 0)).orElseThrow();
        assertThat(conv.request(parse).orElseThrow().status()).isEqualTo(Request.Status.FAILED);
        assertThat(conv.request(parse).orElseThrow().errorSeq()).isEqualTo(parseError);
        assertThat(List.of(skippedBind.status(), skippedExecute.status())).containsOnly(Request.Status.SKIPPED);
        assertThat(conv.request(seq(conv, Sync.class, 0)).orElseThrow().status()).isEqualTo(Request.Status.DONE);

        // two pipelines continued after their error: the Parse's, then the second Bind's (its Execute skipped)
        List<Diagnosis> pipelines = a.diagnoses(1).stream().filter(x -> x.code().equals("pipeline-continued-after-error")).toList();
        assertThat(pipelines).hasSize(2);
        Diagnosis pipeline = pipelines.get(0);
        assertThat(pipeline.seq()).isEqualTo(parseError);
        assertThat(pipelines.get(1).seqsOn(1)).contains(seq(conv, Execute.class, 1));
        assertThat(pipeline.seqsOn(1)).contains(skippedBind.seq(), skippedExecute.seq());

        Diagnosis d = only(a, 1, "26000");
        assertThat(d.cause()).isEqualTo("parse-failed");
        assertThat(d.seqsOn(1)).contains(parse, parseError, seq(conv, Bind.class, 1));
        assertThat(d.explanation()).contains("#" + parse).contains("42601");
    }

    @Test
    void cachedPlanMustNotChangeResultTypeAfterAlterTable() throws Exception {
        String table = "cp_" + TABLES.incrementAndGet();
        pg.execute("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (a int)", "INSERT INTO " + table + " VALUES (1)");
        try (RawClient app = client(); RawClient admin = client()) {
            app.send(new Parse("S_1", "SELECT * FROM " + table, List.of()), new Describe('S', "S_1"), new Sync()).untilReady();
            assertThat(app.send(bind("", "S_1"), new Execute("", 0), new Sync()).errorsUntilReady()).isEmpty();
            admin.send(new Query("ALTER TABLE " + table + " ADD COLUMN b text")).untilReady();
            app.send(new Query("ALTER TABLE " + table + " ADD COLUMN c int")).untilReady();
            assertThat(app.send(bind("", "S_1"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("0A000");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "0A000");
        long parse = seq(conv, Parse.class, 0);
        long localAlter = seq(conv, Query.class, 0);
        long otherAlter = seq(a.conversation(2).orElseThrow(), Query.class, 0);
        assertThat(d.cause()).isEqualTo("schema-changed");
        assertThat(d.seqsOn(1)).contains(parse, localAlter, seq(conv, Bind.class, 1));
        assertThat(d.seqsOn(2)).containsExactly(otherAlter);
        assertThat(d.explanation()).contains("prepared at #" + parse).contains("ALTER TABLE at #" + localAlter)
                .contains("ALTER TABLE at #" + otherAlter + " on connection 2");
    }

    @Test
    void namedStatementParsedTwice() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("S_1", "SELECT 1", List.of()), new Sync()).untilReady();
            assertThat(c.send(new Parse("S_1", "SELECT 2", List.of()), new Sync()).errorsUntilReady()).containsExactly("42P05");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "42P05");
        assertThat(d.cause()).isEqualTo("already-prepared");
        assertThat(d.seqsOn(1)).contains(seq(conv, Parse.class, 0), seq(conv, Parse.class, 1));
        // the first statement is still the one known by the name
        assertThat(conv.registry().statementHistory()).extracting(StatementEntry::state)
                .containsExactly(StatementEntry.State.CLOSED, StatementEntry.State.FAILED); // closed: end of session
        assertThat(conv.registry().statementHistory().get(0).endCause()).isEqualTo("end of session");
    }

    @Test
    void portalGoneAfterTheSyncEndedItsTransaction() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("", "SELECT generate_series(1, 10)", List.of()), bind("P_1", ""), new Execute("P_1", 3), new Sync())
                    .untilReady();
            assertThat(c.send(new Execute("P_1", 3), new Sync()).errorsUntilReady()).containsExactly("34000");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "34000");
        assertThat(d.cause()).isEqualTo("closed-by-transaction-end");
        assertThat(d.seqsOn(1)).contains(seq(conv, Bind.class, 0), seq(conv, Execute.class, 1));
        assertThat(conv.registry().portalHistory().get(0).suspensions()).isEqualTo(1);
        assertThat(conv.registry().portalHistory().get(0).rows()).isEqualTo(3);
    }

    @Test
    void failedTransactionNamesTheFirstError() throws Exception {
        try (RawClient c = client()) {
            c.send(new Query("BEGIN")).untilReady();
            assertThat(c.send(new Query("SELECT 1/0")).errorsUntilReady()).containsExactly("22012");
            assertThat(c.send(new Query("SELECT 1")).errorsUntilReady()).containsExactly("25P02");
            c.send(new Query("ROLLBACK")).untilReady();
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "25P02");
        long first = conv.errors().keySet().iterator().next();
        assertThat(d.cause()).isEqualTo("earlier-error");
        assertThat(d.seqsOn(1)).contains(first, seq(conv, Query.class, 1));
        assertThat(d.explanation()).contains("#" + first).contains("22012");
        assertThat(conv.transactionStatus()).isEqualTo('I');
    }

    @Test
    void bindWithTheWrongParameterCount() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("S_2", "SELECT $1::int + $2::int", List.of()), new Describe('S', "S_2"), new Sync()).untilReady();
            assertThat(c.send(bind("", "S_2", "1"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("08P01");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        long parse = seq(conv, Parse.class, 0);
        long bind = seq(conv, Bind.class, 0);
        Diagnosis warning = only(a, 1, "bind-count-mismatch");
        assertThat(warning.seq()).isEqualTo(bind);
        assertThat(warning.seqsOn(1)).contains(parse);
        Diagnosis d = only(a, 1, "08P01");
        assertThat(d.cause()).isEqualTo("bind-count");
        assertThat(d.seqsOn(1)).contains(parse, bind);
    }

    @Test
    void unknownDatabaseAtStartup() throws Exception {
        try (RawClient c = new RawClient(relay.port())) {
            c.send(new StartupMessage(196608, List.of(new StartupParameter("user", "postgres"),
                    new StartupParameter("database", "no_such_db"))));
            assertThat(c.errorsUntilReady()).containsExactly("3D000");
        }
        SessionAnalysis a = analyse();
        Diagnosis d = only(a, 1, "3D000");
        assertThat(d.subject()).isEqualTo("no_such_db");
        assertThat(d.seqsOn(1)).contains(0L);
        assertThat(a.conversation(1).orElseThrow().phase()).isEqualTo(dev.pgwb.protocol.conversation.Phase.TERMINATED);
    }

    @Test
    void executeWithoutSyncAndMessagesAfterTerminate() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("", "SELECT 1", List.of()), bind("", ""), new Execute("", 0));
            c.send(new Terminate(), new Query("SELECT 2"));
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "execute-without-sync");
        assertThat(d.seqsOn(1)).contains(seq(conv, Parse.class, 0), seq(conv, Bind.class, 0), seq(conv, Execute.class, 0));
        Diagnosis after = only(a, 1, "after-terminate");
        assertThat(after.seq()).isEqualTo(seq(conv, Query.class, 0));
        assertThat(conv.request(seq(conv, Execute.class, 0)).orElseThrow().status()).isEqualTo(Request.Status.UNANSWERED);
    }

    @Test
    void unnamedStatementReplacedWhileItsPortalIsOpen() throws Exception {
        try (RawClient c = client()) {
            c.send(new Query("BEGIN")).untilReady();
            c.send(new Parse("", "SELECT generate_series(1, 5)", List.of()), bind("cur", ""), new Execute("cur", 2),
                    new Parse("", "SELECT 2", List.of()), new Execute("cur", 2), new Sync()).untilReady();
            c.send(new Query("COMMIT")).untilReady();
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        Diagnosis d = only(a, 1, "unnamed-replaced-under-portal");
        assertThat(d.seq()).isEqualTo(seq(conv, Parse.class, 1));
        assertThat(d.seqsOn(1)).contains(seq(conv, Parse.class, 0), seq(conv, Bind.class, 0));
        assertThat(conv.registry().portalHistory().get(0).rows()).isEqualTo(4);
        assertThat(a.diagnoses()).filteredOn(x -> x.severity() == Diagnosis.Severity.ERROR).isEmpty();
    }

    @Test
    void deallocateQuotedAndUnquoted() throws Exception {
        try (RawClient c = client()) {
            c.send(new Parse("S_1", "SELECT 1", List.of()), new Sync()).untilReady();
            assertThat(c.send(new Query("DEALLOCATE S_1")).errorsUntilReady()).containsExactly("26000"); // folds to s_1
            c.send(new Query("DEALLOCATE \"S_1\"")).untilReady();
            assertThat(c.send(bind("", "S_1"), new Execute("", 0), new Sync()).errorsUntilReady()).containsExactly("26000");
        }
        SessionAnalysis a = analyse();
        Conversation conv = a.conversation(1).orElseThrow();
        List<Diagnosis> ds = a.diagnoses(1).stream().filter(d -> d.code().equals("26000")).toList();
        assertThat(ds).extracting(Diagnosis::cause).containsExactly("never-prepared", "closed-by-deallocate");
        assertThat(ds.get(0).subject()).isEqualTo("s_1");
        assertThat(ds.get(0).explanation()).contains("folds unquoted names to lower case");
        assertThat(ds.get(1).seqsOn(1)).contains(seq(conv, Parse.class, 0), seq(conv, Query.class, 1));
    }

    @Test
    void wrongPasswordAndMissingHbaEntryAtStartup() throws Exception {
        pg.execute("DROP ROLE IF EXISTS diag_scram", "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE diag_scram LOGIN PASSWORD 'right-one'", "DROP ROLE IF EXISTS diag_nohba", "CREATE ROLE diag_nohba LOGIN");
        pg.setHba(List.of("host all diag_scram 127.0.0.1/32 scram-sha-256"));
        try {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", "diag_scram");
            p.setProperty("password", "wrong-one");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?sslmode=disable", p))
                    .isInstanceOf(java.sql.SQLException.class);
            try (RawClient c = new RawClient(relay.port())) {
                c.send(new StartupMessage(196608, List.of(new StartupParameter("user", "diag_nohba"))));
                assertThat(c.errorsUntilReady()).containsExactly("28000");
            }
        } finally {
            pg.resetHba();
        }
        SessionAnalysis a = analyse();
        Diagnosis password = only(a, 1, "28P01");
        Conversation scram = a.conversation(1).orElseThrow();
        long saslResponse = scram.requests().stream().filter(r -> r.message() instanceof dev.pgwb.protocol.message.SASLResponse)
                .findFirst().orElseThrow().seq();
        assertThat(password.cause()).isEqualTo("password");
        assertThat(password.seqsOn(1)).contains(0L, saslResponse);
        assertThat(password.explanation()).contains("SCRAM-SHA-256").contains("diag_scram");
        Diagnosis hba = only(a, 2, "28000");
        assertThat(hba.cause()).isEqualTo("pg_hba");
        assertThat(hba.subject()).isEqualTo("diag_nohba");
        assertThat(hba.explanation()).contains("\"diag_nohba\"").contains("database \"diag_nohba\"");
    }
}
