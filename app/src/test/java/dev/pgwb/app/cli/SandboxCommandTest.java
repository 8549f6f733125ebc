package dev.pgwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.sandbox.SandboxServer;
import dev.pgwb.protocol.session.SessionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxCommandTest {
    @TempDir
    Path tmp;

    @Test
    void startsPostgresBehindARelayPrintsTheConnectionStringsAndRecordsTheDemo() throws Exception {
        Path file = tmp.resolve("sandbox.pgwb");
        CommandLine cl = PgwbCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("sandbox", "--listen", "127.0.0.1:0",
                "--record", file.toString(), "--demo"));
        SandboxCommand cmd = cl.getSubcommands().get("sandbox").getCommand();
        SandboxServer sandbox = cmd.awaitRunning(120);
        assertThat(sandbox).as(err.toString()).isNotNull();
        int port = sandbox.relay().port();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).isEqualTo("postgresql://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable");
        assertThat(lines[1]).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable&user=postgres");
        assertThat(lines[2]).isEqualTo("psql \"postgresql://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable\"");
        // the printed JDBC URL works as printed
        try (Connection c = DriverManager.getConnection(lines[1]); ResultSet rs = c.createStatement().executeQuery("SELECT version()")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("PostgreSQL 18");
        }
        cmd.stop();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(err.toString()).contains("demo workload done").contains("stopped;");
        try (SessionStore s = SessionStore.open(file)) {
            assertThat(s.connections()).hasSizeGreaterThanOrEqualTo(2); // the demo's and ours
            assertThat(s.frameCount()).isGreaterThan(50);
        }
    }

    @Test
    void aTakenPortIsAClearMessageAndExitStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandLine cl = PgwbCommand.commandLine();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("sandbox", "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("could not listen").contains("port " + taken.getLocalPort())
                    .contains("already in use");
        }
    }
}
