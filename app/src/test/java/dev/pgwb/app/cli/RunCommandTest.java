package dev.pgwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.OlderPostgres;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(PostgresExtension.class)
class RunCommandTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {
    }

    private Outcome run(Map<String, String> env, Supplier<String> prompt, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) {
                    return cls.cast(new RunCommand(env, tmp, prompt));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cl = PgwbCommand.commandLine(factory);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    private Outcome run(String... args) {
        return run(Map.of(), null, args);
    }

    private static String url(PgServer pg) {
        return "postgresql://" + PgServer.SUPERUSER + "@" + pg.host() + ":" + pg.port() + "/postgres";
    }

    @Test
    void listsTheLibraryShippedOnTheClassPath() {
        Outcome o = run("run", "--list");
        assertThat(o.exit()).isZero();
        List<String> lines = o.out().lines().toList();
        assertThat(lines).hasSize(16);
        assertThat(lines.get(0)).startsWith("01-startup-without-user  StartupMessage without a user");
        assertThat(lines.get(5)).startsWith("06-close-then-bind  ");
    }

    @Test
    void aScenarioThatNeedsPostgres18IsNotApplicableOn15WithItsOwnExitStatus(@OlderPostgres PgServer pg15) {
        assertThat(run("run", "--list").out().lines().filter(l -> l.startsWith("13-protocol-3-2")))
                .singleElement().asString().endsWith("(requires PostgreSQL 18)");
        Outcome o = run("run", "13", "--url", url(pg15));
        assertThat(o.exit()).as(o.err()).isEqualTo(RunCommand.EXIT_NOT_APPLICABLE).isEqualTo(77);
        assertThat(o.err()).contains("pgwb run: requires: PostgreSQL 18 or newer")
                .contains("13-protocol-3-2: not applicable: needs PostgreSQL 18 or newer, the server is 15.")
                .contains("(neither passed nor failed)")
                .doesNotContain("passed (");
        assertThat(o.out()).as("the first connection's messages are printed, its Terminate too").contains("Terminate");
    }

    @Test
    void aScriptFileStatesItsServerVersionLikeAScenario(PgServer pg) throws Exception {
        Path script = tmp.resolve("future.pgws");
        int next = Integer.parseInt(pg.serverVersion().replaceFirst("^(\\d+).*", "$1")) + 1;
        Files.writeString(script, "# requires: PostgreSQL " + next + "\nquery \"select 1\"\nexpect RowDescription\n");
        Outcome o = run("run", script.toString(), "--url", url(pg));
        assertThat(o.exit()).as(o.err()).isEqualTo(77);
        assertThat(o.err()).contains("not applicable: needs PostgreSQL " + next + " or newer, the server is 18.");
        assertThat(run("run", "13", "--url", url(pg)).exit()).as("18 meets the requirement").isZero();
    }

    @Test
    void runsAScenarioByNumberAndPrintsEveryMessageBothWays(PgServer pg) {
        Outcome o = run("run", "6", "--url", url(pg));
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("StartupMessage", "Parse", "Close", "Bind", "Execute", "Sync", "ParseComplete", "CloseComplete",
                "ErrorResponse", "26000", "ReadyForQuery");
        assertThat(o.err()).contains("scenario 06-close-then-bind").contains("06-close-then-bind: passed");
    }

    @Test
    void jsonFormatAndRecording(PgServer pg) throws Exception {
        Path file = tmp.resolve("run.pgwb");
        Outcome o = run("run", "close-unknown-statement", "--url", url(pg), "--format", "json", "--record", file.toString(),
                "--mode", "wait");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().lines().filter(l -> l.startsWith("{"))).isNotEmpty();
        assertThat(o.out()).contains("\"CloseComplete\"");
        try (SessionStore store = SessionStore.open(file)) {
            assertThat(store.frameCount()).isGreaterThan(5);
            assertThat(store.connections().get(0).note()).contains("composed by pgwb");
        }
    }

    @Test
    void aFailedExpectExitsOneWithTheLine(PgServer pg) throws Exception {
        Path script = tmp.resolve("fails.pgws");
        Files.writeString(script, "query \"select 1\"\nexpect CommandComplete tag=\"SELECT 2\"\n");
        Outcome o = run("run", script.toString(), "--url", url(pg));
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("pgwb run: " + script + ": line 2: expected CommandComplete tag=\"SELECT 2\", got RowDescription");
    }

    @Test
    void aScriptThatCannotBeReadExitsTwoWithFileLineColumn() throws Exception {
        Path script = tmp.resolve("bad.pgws");
        Files.writeString(script, "sync\nexecute \"\" rows=lots\n");
        Outcome o = run("run", script.toString(), "--url", "postgresql://localhost:1/x");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo(script + ":2:17: expected a whole number for rows, got \"lots\"");
    }

    @Test
    void anUnreachableServerExitsOneWithAOneLineReason() {
        Outcome o = run("run", "7", "--host", "127.0.0.1", "--port", "1", "--user", "x");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err().strip().lines().reduce((a, b) -> b).orElseThrow()).contains("cannot connect to 127.0.0.1:1");
    }

    @Test
    void passwordComesFromPgpassPgpasswordOrThePromptNeverTheUrl(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS pgwb_run_cli", "CREATE ROLE pgwb_run_cli LOGIN PASSWORD 'cli pw'");
        pg.setHba(List.of("host all pgwb_run_cli 127.0.0.1/32 scram-sha-256"));
        try {
            String url = "postgresql://pgwb_run_cli@" + pg.host() + ":" + pg.port() + "/postgres";
            assertThat(run("run", "8", "--url", url.replace("pgwb_run_cli@", "pgwb_run_cli:cli%20pw@")).exit()).isEqualTo(2);

            Map<String, String> env = new HashMap<>();
            env.put("PGPASSWORD", "cli pw");
            assertThat(run(env, null, "run", "8", "--url", url).exit()).isZero();

            Path pgpass = tmp.resolve(".pgpass");
            Files.writeString(pgpass, pg.host() + ":" + pg.port() + ":*:pgwb_run_cli:cli pw\n");
            Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
            assertThat(run("run", "8", "--url", url).exit()).isZero();
            Files.delete(pgpass);

            assertThat(run(Map.of(), () -> "cli pw", "run", "8", "--url", url).exit()).isZero();
            Outcome none = run("run", "8", "--url", url);
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.err()).contains("none was given");
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void pgprotoFilesRunAfterConversion(PgServer pg) throws Exception {
        Path data = tmp.resolve("pgproto.data");
        Files.writeString(data, "'Q'\t\"SELECT 42\"\n'Y'\n'X'\n");
        Outcome shown = run("run", data.toString(), "--pgproto", "--show-script");
        assertThat(shown.out()).contains("query \"SELECT 42\"", "await ReadyForQuery", "terminate");
        Outcome o = run("run", data.toString(), "--pgproto", "--url", url(pg));
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("42");
    }
}
