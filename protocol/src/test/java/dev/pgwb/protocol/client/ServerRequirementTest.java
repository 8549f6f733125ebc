package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.OlderPostgres;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.wire.Direction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scenario that states the server versions it needs ({@code # requires: PostgreSQL 18}): against a
 * real PostgreSQL 15 the run stops as not applicable (neither passed nor failed) once the first
 * connection's {@code server_version} is known, and says Terminate; against 18 it runs as usual.
 */
@ExtendWith(PostgresExtension.class)
class ServerRequirementTest {

    private static final Scenario PROTOCOL_3_2 = library().find("13").orElseThrow();

    @Test
    void versionsReadAsPostgreSQLWritesThem() {
        assertThat(ServerVersion.parse("18.1")).get().isEqualTo(new ServerVersion(18, 1, "18.1"));
        assertThat(ServerVersion.parse("15.17 (Debian 15.17-1.pgdg120+1)")).get().hasToString("15.17");
        assertThat(ServerVersion.parse("19devel")).get().extracting(ServerVersion::major).isEqualTo(19);
        assertThat(ServerVersion.parse("18beta1").orElseThrow().isOlderThan(ServerVersion.parseRequirement("PostgreSQL 18").orElseThrow()))
                .as("18beta1 is 18 for a requirement of 18").isFalse();
        assertThat(ServerVersion.parse("9.6.24").orElseThrow().isOlderThan(ServerVersion.parse("10.0").orElseThrow())).isTrue();
        assertThat(ServerVersion.parse("17.9").orElseThrow().isOlderThan(ServerVersion.parseRequirement("PostgreSQL 18").orElseThrow()))
                .isTrue();
        assertThat(ServerVersion.parse("EnterpriseDB")).isEmpty();
        assertThat(ServerVersion.parseRequirement("PostgreSQL 17.2")).get().isEqualTo(new ServerVersion(17, 2, "17.2"));
        assertThat(ServerVersion.parseRequirement("postgresql 16 or newer")).get().hasToString("16");
        assertThat(ServerVersion.parseRequirement("a server with TLS")).isEmpty();
        assertThat(PROTOCOL_3_2.requires()).isEqualTo("PostgreSQL 18");
        assertThat(PROTOCOL_3_2.minimumServerVersion()).get().hasToString("18");
    }

    @Test
    void protocol32OnPostgres15IsNotApplicableAndSaysTerminate(@OlderPostgres PgServer pg15) throws Exception {
        String version = pg15.serverVersion();
        assertThat(version).as("a real older server").startsWith("15.");
        try (SessionStore store = SessionStore.createTemporary()) {
            ScriptRunner.Result r = run(pg15, store, PROTOCOL_3_2.minimumServerVersion().orElseThrow());
            assertThat(r.outcome()).as(r.describe()).isEqualTo(ScriptRunner.Outcome.NOT_APPLICABLE);
            assertThat(r.passed()).isFalse();
            assertThat(r.notApplicable()).isTrue();
            assertThat(r.describe()).isEqualTo("not applicable: needs PostgreSQL 18 or newer, the server is "
                    + ServerVersion.parse(version).orElseThrow());
            // it stopped on the first connection: the 3.3 one never opened, and the server heard a Terminate
            assertThat(store.connections()).hasSize(1);
            List<String> client = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (f.frame().direction() == Direction.FRONTEND) {
                    client.add(d.typeName());
                }
            });
            assertThat(client).endsWith(new Terminate().typeName());
        }
    }

    @Test
    void withoutTheRequirementPostgres15FailsTheScenario(@OlderPostgres PgServer pg15) throws Exception {
        // what the requires line is for: the script itself cannot pass on 15 (3.0 only, a 4-byte key)
        try (SessionStore store = SessionStore.createTemporary()) {
            ScriptRunner.Result r = run(pg15, store, null);
            assertThat(r.outcome()).isEqualTo(ScriptRunner.Outcome.FAILED);
            assertThat(r.describe()).contains("keylength");
        }
    }

    @Test
    void onPostgres18TheRequirementIsMetAndTheScenarioPasses(PgServer pg) throws Exception {
        try (SessionStore store = SessionStore.createTemporary()) {
            ScriptRunner.Result r = run(pg, store, PROTOCOL_3_2.minimumServerVersion().orElseThrow());
            assertThat(r.outcome()).as(r.describe()).isEqualTo(ScriptRunner.Outcome.PASSED);
        }
    }

    @Test
    void aRequirementAboveTheServerStopsALoggedInScriptBeforeItsNextStep(PgServer pg) throws Exception {
        ServerVersion server = ServerVersion.parse(pg.serverVersion()).orElseThrow();
        ServerVersion next = new ServerVersion(server.major() + 1, 0, Integer.toString(server.major() + 1));
        Script script = ScriptParser.parse("""
                query "select 1"
                expect RowDescription
                query "select pgwb_this_would_fail()"
                expect CommandComplete
                """);
        try (SessionStore store = SessionStore.createTemporary();
             WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres"),
                     store, null, null, null)) {
            ScriptRunner.Result r = new ScriptRunner(client, RunMode.ALL, null).requireServer(next).run(script);
            assertThat(r.outcome()).isEqualTo(ScriptRunner.Outcome.NOT_APPLICABLE);
            assertThat(r.describe()).isEqualTo("not applicable: needs PostgreSQL " + next + " or newer, the server is " + server);
            assertThat(r.failedStep().line()).as("logged in for line 1, stopped before line 2").isEqualTo(2);
        }
    }

    private static ScriptRunner.Result run(PgServer pg, SessionStore store, ServerVersion requirement) throws Exception {
        ConnectionSettings settings = ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres");
        try (WireClient client = new WireClient(settings, store, null, null, null)) {
            ScriptRunner runner = new ScriptRunner(client, RunMode.ALL, null);
            if (requirement != null) {
                runner.requireServer(requirement);
            }
            ScriptRunner.Result r = runner.run(ScriptParser.parse(PROTOCOL_3_2.script()));
            client.sync(10_000);
            return r;
        }
    }

    private static ScenarioLibrary library() {
        try {
            return ScenarioLibrary.fromDirectory(ScenarioTest.LIBRARY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
