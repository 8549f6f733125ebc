package dev.pgwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.FileSizeLimit;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(PostgresExtension.class)
class RelayCommandTest {
    @TempDir
    Path tmp;

    private static String query(int port, String sql) throws Exception {
        return PgServer.queryThrough(port, sql, "relay-cli-test");
    }

    @Test
    void explainsErrorsLiveAsTheyPass(PgServer pg) throws Exception {
        CommandLine cl = PgwbCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("relay", "--listen", "127.0.0.1:0",
                "--upstream", pg.host() + ":" + pg.port()));
        RelayCommand cmd = cl.getSubcommands().get("relay").getCommand();
        Relay relay = cmd.awaitRunning();
        try {
            query(relay.port(), "SELECT 1/0");
        } catch (java.sql.SQLException expected) {
            assertThat(expected.getSQLState()).isEqualTo("22012");
        }
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        cmd.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(out.toString()).contains("c1 B  ErrorResponse  ERROR 22012").contains(">> ERROR 22012 division_by_zero")
                .contains("what to do:");
    }

    @Test
    void printsLiveAndRecordsASessionThatDecodeReads(PgServer pg) throws Exception {
        Path file = tmp.resolve("live.pgwb");
        CommandLine cl = PgwbCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("relay", "--listen", "127.0.0.1:0",
                "--upstream", pg.host() + ":" + pg.port(), "--record", file.toString()));
        RelayCommand cmd = cl.getSubcommands().get("relay").getCommand();
        Relay relay = cmd.awaitRunning();
        query(relay.port(), "SELECT 'through the cli relay'");
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        cmd.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(0);

        assertThat(err.toString()).contains("listening on 127.0.0.1:" + relay.port()).contains("forwarding to " + pg.host())
                .contains("connect with postgresql://127.0.0.1:" + relay.port() + "/?sslmode=disable").contains("stopped;");
        assertThat(out.toString()).contains("c1 connection from 127.0.0.1:").contains("user=postgres")
                .contains("c1 F  StartupMessage").contains("SELECT 'through the cli relay'").contains("c1 B  ReadyForQuery")
                .contains("c1 closed: ");

        try (SessionStore s = SessionStore.open(file)) {
            assertThat(s.recoveryNote()).isEmpty();
            assertThat(s.connections()).hasSize(1);
        }
        StringWriter json = new StringWriter();
        CommandLine decode = PgwbCommand.commandLine();
        decode.setOut(new PrintWriter(json, true));
        decode.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(decode.execute("decode", "--format", "json", file.toString())).isEqualTo(0);
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : json.toString().split("\n")) {
            lines.add(m.readTree(line));
        }
        assertThat(lines).filteredOn(n -> n.has("type")).allSatisfy(n -> {
            assertThat(n.get("conn").asInt()).isEqualTo(1);
            assertThat(n.get("problems")).isEmpty();
        });
        assertThat(lines).filteredOn(n -> n.has("type")).extracting(n -> n.get("type").asText()).contains("StartupMessage", "Parse",
                "DataRow", "ReadyForQuery", "Terminate");
        assertThat(lines.get(0).get("event").asText()).isEqualTo("connection");
    }

    @Test
    void saysAsSoonAsTheRecordingFailsAndGoesOnForwarding(PgServer pg) throws Exception {
        Path file = tmp.resolve("full.pgwb");
        StringBuffer err = new StringBuffer();
        CountDownLatch said = new CountDownLatch(1);
        Writer errWriter = new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                err.append(c, off, len);
                if (err.indexOf("recording failed") >= 0) {
                    said.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        CommandLine cl = PgwbCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(errWriter, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("relay", "--listen", "127.0.0.1:0",
                "--upstream", pg.host() + ":" + pg.port(), "--record", file.toString()));
        RelayCommand cmd = cl.getSubcommands().get("relay").getCommand();
        Relay relay = cmd.awaitRunning();
        query(relay.port(), "SELECT 1");
        assertThat(relay.awaitRecorded(10_000)).isTrue();
        relay.store().flush();
        try (FileSizeLimit diskFull = FileSizeLimit.of(Files.size(file) + 16 * 1024)) {
            assertThat(query(relay.port(), "SELECT repeat('x', 100000)")).hasSize(100_000);
            assertThat(said.await(10, TimeUnit.SECONDS)).as("said while the relay runs: %s", err).isTrue();
            assertThat(query(relay.port(), "SELECT md5(repeat('y', 50000))"))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("y".repeat(50_000).getBytes(StandardCharsets.US_ASCII))));
        }
        cmd.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(err.toString()).contains("pgwb relay: recording failed: cannot write the session file " + file
                + ": File too large; forwarding goes on, nothing more is recorded").contains("before the recording failed");
    }

    @Test
    void sigtermClosesTheSessionFileCleanly(PgServer pg) throws Exception {
        Path file = tmp.resolve("sigterm.pgwb");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path errFile = tmp.resolve("relay.err");
        // stderr goes to a file: reading a child's pipe while it exits races with the JDK closing it
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.pgwb.app.Main", "relay",
                "--listen", "127.0.0.1:0", "--upstream", pg.host() + ":" + pg.port(), "--record", file.toString(), "--print", "json")
                .redirectError(errFile.toFile()).start();
        int port = -1;
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.currentTimeMillis() + 30_000;
        while (port < 0 && System.currentTimeMillis() < deadline && p.isAlive()) {
            Matcher mt = listening.matcher(Files.exists(errFile) ? Files.readString(errFile) : "");
            if (mt.find()) {
                port = Integer.parseInt(mt.group(1));
            } else {
                p.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        assertThat(port).as("relay start-up output: %s", Files.exists(errFile) ? Files.readString(errFile) : "").isPositive();
        query(port, "SELECT 1");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // wait until the relay printed the connection's end, so it is all recorded
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains("\"connection-closed\"")) {
                break;
            }
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(errFile)).contains("stopped;");
        try (SessionStore s = SessionStore.open(file)) {
            assertThat(s.recoveryNote()).as("closed cleanly, nothing cut").isEmpty();
            assertThat(s.frameCount()).isGreaterThan(10);
        }
        assertThat(Files.size(file)).isGreaterThan(100);
    }
}
