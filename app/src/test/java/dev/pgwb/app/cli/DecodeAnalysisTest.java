package dev.pgwb.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgwb decode SESSION.pgwb}: pairing, values by type, diagnoses and summaries, on a real recording. */
@ExtendWith(PostgresExtension.class)
class DecodeAnalysisTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path session;

    /** Records: prepare S_1, run it (binary results, portal described), Close it, then Bind it again (26000). */
    @BeforeEach
    void record(PgServer pg) throws Exception {
        session = dir.resolve("s.pgwb");
        try (SessionStore store = SessionStore.create(session);
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store)) {
            try (Socket s = new Socket("127.0.0.1", relay.port())) {
                s.setSoTimeout(20_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                send(s, new StartupMessage(196608, List.of(new StartupParameter("user", "postgres"))));
                untilReady(in);
                send(s, new Parse("S_1", "SELECT $1::int4 AS n, ARRAY[1,2,3] AS a", List.of(23)),
                        new Bind("", "S_1", List.of(), List.of(Bytes.ofAscii("42")), List.of(1)), new Describe('P', ""),
                        new Execute("", 0), new Sync());
                untilReady(in);
                send(s, new Close('S', "S_1"), new Sync());
                untilReady(in);
                send(s, new Bind("", "S_1", List.of(), List.of(Bytes.ofAscii("7")), List.of()), new Execute("", 0), new Sync());
                untilReady(in);
                send(s, new Terminate());
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (relay.activeConnections() > 0 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(relay.awaitRecorded(10_000)).isTrue();
        }
    }

    private static void send(Socket s, Message... messages) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Message m : messages) {
            b.writeBytes(Encoder.encode(m));
        }
        s.getOutputStream().write(b.toByteArray());
    }

    private static void untilReady(DataInputStream in) throws Exception {
        while (true) {
            int type = in.readUnsignedByte();
            in.readFully(new byte[in.readInt() - 4]);
            if (type == 'Z') {
                return;
            }
        }
    }

    @Test
    void jsonCarriesPairingValuesDiagnosisAndSummary() throws Exception {
        DecodeCommandTest.Run run = DecodeCommandTest.pgwb("decode", "--format", "json", session.toString());
        assertThat(run.exit()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.outLines()) {
            lines.add(JSON.readTree(line));
        }
        JsonNode parse = first(lines, "Parse");
        JsonNode bind = first(lines, "Bind");
        JsonNode close = first(lines, "Close");
        assertThat(first(lines, "ParseComplete").get("reply_to").asLong()).isEqualTo(parse.get("seq").asLong());
        assertThat(first(lines, "BindComplete").get("reply_to").asLong()).isEqualTo(bind.get("seq").asLong());
        assertThat(parse.get("status").asText()).isEqualTo("done");
        assertThat(parse.get("replies").get(0).asLong()).isEqualTo(first(lines, "ParseComplete").get("seq").asLong());
        assertThat(parse.get("latency_ns").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(bind.get("values").get(0).asText()).isEqualTo("42");
        JsonNode row = first(lines, "DataRow");
        assertThat(row.get("values").get(0).asText()).isEqualTo("42");
        assertThat(row.get("values").get(1).asText()).isEqualTo("{1,2,3}");

        JsonNode ready = lines.stream().filter(l -> "ReadyForQuery".equals(l.path("type").asText())
                && l.get("seq").asLong() > parse.get("seq").asLong()).findFirst().orElseThrow();
        assertThat(ready.get("round_trip_from").asLong()).isEqualTo(parse.get("seq").asLong());
        assertThat(ready.get("round_trip_requests").asInt()).isEqualTo(5);
        assertThat(ready.get("round_trip_ns").asLong()).isGreaterThanOrEqualTo(0);
        JsonNode error = first(lines, "ErrorResponse");
        JsonNode d = error.get("diagnosis").get(0);
        assertThat(d.get("code").asText()).isEqualTo("26000");
        assertThat(d.get("condition").asText()).isEqualTo("invalid_sql_statement_name");
        assertThat(d.get("cause").asText()).isEqualTo("closed-by-close");
        List<Long> named = new ArrayList<>();
        d.get("frames").forEach(f -> named.add(f.get("seq").asLong()));
        assertThat(named).contains(parse.get("seq").asLong(), close.get("seq").asLong());
        JsonNode skippedExecute = lines.stream().filter(l -> "Execute".equals(l.path("type").asText())
                && "skipped".equals(l.path("status").asText())).findFirst().orElseThrow();
        assertThat(skippedExecute.get("seq").asLong()).isGreaterThan(error.get("seq").asLong() - 3);

        JsonNode summary = lines.stream().filter(l -> "summary".equals(l.path("event").asText())).findFirst().orElseThrow();
        assertThat(summary.get("conn").asInt()).isEqualTo(1);
        assertThat(summary.get("protocol").asText()).isEqualTo("3.0");
        assertThat(summary.get("errors").get(0).get("sqlstate").asText()).isEqualTo("26000");
        assertThat(summary.get("messages").get("Parse").asInt()).isEqualTo(1);
        assertThat(summary.get("round_trips").asInt()).isEqualTo(4);
    }

    @Test
    void textExplainsTheErrorAndSummarisesTheConnection() {
        DecodeCommandTest.Run run = DecodeCommandTest.pgwb("decode", "--brief", session.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(">> ERROR 26000 invalid_sql_statement_name (closed-by-close)")
                .contains("was prepared at #").contains("what to do:")
                .contains("-> answered by").contains("-> skipped by the server")
                .contains("values: 42 | {1,2,3}")
                .contains("c1 summary: protocol 3.0");
        assertThat(run.outLines()).anyMatch(l -> l.matches("\\[\\d+] c1 F  Close  statement \"S_1\""));
    }

    private static JsonNode first(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> type.equals(l.path("type").asText())).findFirst().orElseThrow();
    }
}
