package dev.pgwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgwb.app.Main;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.testing.RecordedWorkload;
import dev.pgwb.protocol.testing.Tshark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pgwb convert} each way and {@code pgwb decode} of a capture, on a real pgJDBC recording. */
@ExtendWith(PostgresExtension.class)
class ConvertCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path session;
    private PgServer pg;

    record Run(int exit, String out, String err) {
    }

    static Run pgwb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void record(PgServer pg) throws Exception {
        this.pg = pg;
        session = RecordedWorkload.record(pg, dir, "workload.pgwb");
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void sessionToPcapngAndBackDecodesLikeTheRecording() throws Exception {
        Run toPcap = pgwb("convert", session.toString(), p("w.pcapng"));
        assertThat(toPcap.exit()).as(toPcap.err()).isZero();
        assertThat(toPcap.err()).contains("wrote 2 connections").contains("to " + p("w.pcapng") + " (pcapng)")
                .contains("note: connection 2: the relay terminated the client's TLS");
        assertThat(Tshark.read(dir.resolve("w.pcapng"), "-Y", "pgsql.type == \"Error\"", "-T", "fields", "-e", "pgsql.code"))
                .containsExactly("22012");

        // decode FILE.pcapng: the same messages as decode FILE.pgwb, but for the TLS request the export leaves out
        Run fromPgwb = pgwb("decode", "--format", "json", session.toString());
        Run fromPcap = pgwb("decode", "--format", "json", p("w.pcapng"));
        assertThat(fromPcap.exit()).as(fromPcap.err()).isZero();
        assertThat(messages(fromPcap.out(), 1)).isEqualTo(messages(fromPgwb.out(), 1));
        assertThat(messages(fromPcap.out(), 2)).isEqualTo(messages(fromPgwb.out(), 2).stream()
                .filter(t -> !t.equals("F SSLRequest") && !t.equals("B SSLResponse")).toList());
        assertThat(messages(fromPcap.out(), 1)).contains("B ErrorResponse", "B NotificationResponse", "F CopyData", "B CopyOutResponse");

        // a pcapng renamed to anything is still told by its magic number
        Files.copy(dir.resolve("w.pcapng"), dir.resolve("capture.bin"));
        Run text = pgwb("decode", "--brief", p("capture.bin"));
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("ErrorResponse").contains("22012").contains("division by zero");

        // the server's real port kept: found again by content, or named with --port
        Run kept = pgwb("convert", session.toString(), p("kept.pcapng"), "--keep-port");
        assertThat(kept.exit()).as(kept.err()).isZero();
        assertThat(Tshark.read(dir.resolve("kept.pcapng"), "-T", "fields", "-e", "tcp.dstport", "-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 0"))
                .containsOnly(String.valueOf(pg.port()));
        Run byPort = pgwb("decode", "--format", "json", "--port", String.valueOf(pg.port()), p("kept.pcapng"));
        assertThat(byPort.exit()).as(byPort.err()).isZero();
        assertThat(messages(byPort.out(), 1)).isEqualTo(messages(fromPgwb.out(), 1));
        Run badPort = pgwb("decode", "--port", "70000", p("kept.pcapng"));
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err().lines().toList()).hasSize(1).allMatch(l -> l.contains("70000"));

        // capture -> session: the connections and frames of the capture, readable as a session
        Run back = pgwb("convert", p("w.pcapng"), p("back.pgwb"));
        assertThat(back.exit()).as(back.err()).isZero();
        try (SessionStore s = SessionStore.open(dir.resolve("back.pgwb")); SessionStore orig = SessionStore.open(session)) {
            assertThat(s.connections()).hasSize(2);
            assertThat(s.frameCount()).isEqualTo(orig.frameCount() - 2);
        }
    }

    @Test
    void jsonLinesTextAndScriptOfOneConnection() throws Exception {
        Run jsonl = pgwb("convert", session.toString(), p("w.jsonl"), "--connection", "1");
        assertThat(jsonl.exit()).as(jsonl.err()).isZero();
        String json = Files.readString(dir.resolve("w.jsonl"));
        Run decoded = pgwb("decode", "--format", "json", session.toString());
        assertThat(messages(json, 1)).isEqualTo(messages(decoded.out(), 1));
        assertThat(messages(json, 2)).isEmpty();
        assertThat(json.lines().filter(l -> l.contains("\"event\"")).count()).isPositive();

        Run text = pgwb("convert", session.toString(), "-", "--brief");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo(pgwb("decode", "--brief", session.toString()).out());

        Run refused = pgwb("convert", session.toString(), p("all.pgws"));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("pgwb convert: a script replays one connection, and the session has 2: "
                + "say which one (connection 1, 2)");
        Run script = pgwb("convert", session.toString(), p("c1.pgws"), "--connection", "1");
        assertThat(script.exit()).as(script.err()).isZero();
        String pgws = Files.readString(dir.resolve("c1.pgws"));
        assertThat(pgws).startsWith("# pgwb script: the frontend messages of connection 1 of workload.pgwb\n")
                .contains("# 1 login message left out: the script's connection logs in by itself")
                .contains("parse ").contains("bind ").contains("copydata ").contains("terminate")
                .doesNotContain("raw ").doesNotContain("startup");

        // the script runs: the same statements reach the server again
        Run replay = pgwb("run", dir.resolve("c1.pgws").toString(), "--url",
                "postgresql://" + PgServer.SUPERUSER + "@" + pg.host() + ":" + pg.port() + "/postgres");
        assertThat(replay.out()).contains("22012").contains("NotificationResponse").contains("CopyInResponse");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Files.writeString(dir.resolve("garbage.pcapng"), "not a capture at all");
        Files.writeString(dir.resolve("exists.txt"), "keep me");
        List<List<String>> cases = List.of(
                List.of("convert", p("missing.pgwb"), p("x.pcapng")),
                List.of("convert", p("garbage.pcapng"), p("x.txt")),
                List.of("convert", session.toString(), p("exists.txt")),
                List.of("convert", session.toString(), p("x.pcap")),
                List.of("convert", session.toString(), p("x.unknown")),
                List.of("convert", session.toString(), p("x.out"), "--to", "xml"),
                List.of("convert", session.toString(), p("x.pgwb"), "--connection", "9"),
                List.of("convert", session.toString(), session.toString(), "--force"));
        for (List<String> args : cases) {
            Run r = pgwb(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(String.join(" ", args)).hasSize(1).allMatch(l -> l.startsWith("pgwb convert: "));
            assertThat(r.out()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("exists.txt"))).isEqualTo("keep me");
        assertThat(dir.resolve("x.pgwb")).doesNotExist();
        assertThat(Files.list(dir).map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));

        Run forced = pgwb("convert", session.toString(), p("exists.txt"), "--force", "--brief");
        assertThat(forced.exit()).isZero();
        assertThat(Files.readString(dir.resolve("exists.txt"))).contains("ErrorResponse");

        Run garbage = pgwb("decode", p("garbage.pcapng"));
        assertThat(garbage.exit()).isZero().as("not a capture by its bytes: decoded as raw protocol bytes");
        Files.write(dir.resolve("cut.pcapng"), new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 1, 2});
        Run cut = pgwb("convert", p("cut.pcapng"), p("cut.txt"));
        assertThat(cut.exit()).as(cut.err()).isEqualTo(2);
        assertThat(cut.err().lines().toList()).hasSize(1);
    }

    /** "F Parse", "B ErrorResponse"... of one connection, from decode's JSON Lines. */
    private static List<String> messages(String jsonLines, int connection) {
        return jsonLines.lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).filter(n -> n.has("dir") && n.path("conn").asInt() == connection)
                .map(n -> n.path("dir").asText() + " " + n.path("type").asText()).toList();
    }

}
