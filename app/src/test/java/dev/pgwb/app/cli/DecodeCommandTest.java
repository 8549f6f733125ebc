package dev.pgwb.app.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgwb.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pgwb decode} run in-process on files built from the "Message Formats" page of the
 * PostgreSQL documentation (and on a capture of a real PostgreSQL 18 session).
 */
class DecodeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ bytes, by the documentation

    /** Query: Byte1('Q'), Int32 length, String query. */
    static byte[] query(String sql) {
        return typed('Q', cstring(sql));
    }

    /** ReadyForQuery: Byte1('Z'), Int32(5), Byte1 status. */
    static byte[] readyForQuery(char status) {
        return typed('Z', new byte[] {(byte) status});
    }

    /** ErrorResponse: Byte1('E'), Int32 length, then (Byte1 code, String value)*, then a zero byte. */
    static byte[] errorResponse(String... codesAndValues) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < codesAndValues.length; i += 2) {
            body.write(codesAndValues[i].charAt(0));
            body.writeBytes(cstring(codesAndValues[i + 1]));
        }
        body.write(0);
        return typed('E', body.toByteArray());
    }

    /** StartupMessage: Int32 length, Int32(196608), (String name, String value)*, a zero byte. */
    static byte[] startupMessage(String... namesAndValues) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(4).putInt(196608).array());
        for (String s : namesAndValues) {
            body.writeBytes(cstring(s));
        }
        body.write(0);
        byte[] b = body.toByteArray();
        return concat(ByteBuffer.allocate(4).putInt(b.length + 4).array(), b);
    }

    static byte[] typed(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    static byte[] cstring(String s) {
        return concat(s.getBytes(UTF_8), new byte[] {0});
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static final byte[] PREPARED_STATEMENT_ERROR = errorResponse("S", "ERROR", "V", "ERROR", "C", "26000",
            "M", "prepared statement \"S_1\" does not exist", "F", "prepare.c", "L", "454", "R", "FetchPreparedStatement");

    // ------------------------------------------------------------------ running the command

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
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

    Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, US_ASCII);
    }

    // ------------------------------------------------------------------ text

    @Test
    void textPrintsOneSummaryLinePerMessageAndItsFieldTree() throws IOException {
        Path q = file("q.bin", query("SELECT 1"));
        Run run = pgwb("decode", "--from", "client", q.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines().get(0)).isEqualTo("F  Query  \"SELECT 1\"");
        // field tree: offset, length, name: value — the query string is bytes 5..13 of the message
        assertThat(run.outLines()).anyMatch(l -> l.matches("\\s+0\\s+1\\s+Type: .*"))
                .anyMatch(l -> l.matches("\\s+1\\s+4\\s+Length: 13.*"))
                .anyMatch(l -> l.matches("\\s+5\\s+9\\s+\\S.*SELECT 1.*"));
    }

    @Test
    void textSummarizesAnErrorLikePqTrace() throws IOException {
        Path b = file("server.bin", concat(PREPARED_STATEMENT_ERROR, readyForQuery('I')));
        Run run = pgwb("decode", "--from", "server", "--brief", b.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly(
                "B  ErrorResponse  ERROR 26000 prepared statement \"S_1\" does not exist",
                "B  ReadyForQuery  I (idle)");
    }

    @Test
    void textMarksProblems() throws IOException {
        // a Query cut short: the stream ends inside the frame
        byte[] q = query("SELECT 1");
        Path cut = file("cut.bin", java.util.Arrays.copyOf(q, q.length - 3));
        Run run = pgwb("decode", "--from", "client", cut.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("   ! "));
    }

    // ------------------------------------------------------------------ json

    @Test
    void jsonIsOneObjectPerMessageWithTheDocumentedKeys() throws IOException {
        Path b = file("server.bin", concat(PREPARED_STATEMENT_ERROR, readyForQuery('I')));
        Run run = pgwb("decode", "--from", "server", "--format", "json", b.toString());

        assertThat(run.exit()).isZero();
        List<JsonNode> messages = parseLines(run.out());
        assertThat(messages).hasSize(2);
        for (JsonNode m : messages) {
            assertThat(names(m)).contains("seq", "dir", "type", "offset", "length", "fields", "problems")
                    .doesNotContain("file");
            assertThat(m.get("dir").asText()).isEqualTo("B");
            assertThat(m.get("problems").isArray()).isTrue();
            assertThat(m.get("fields").isArray()).isTrue();
            assertThat(m.get("fields")).isNotEmpty();
            for (JsonNode f : m.get("fields")) {
                assertFieldShape(f);
            }
        }
        JsonNode error = messages.get(0);
        assertThat(error.get("seq").asLong()).isZero();
        assertThat(error.get("type").asText()).isEqualTo("ErrorResponse");
        assertThat(error.get("offset").asLong()).isZero();
        assertThat(error.get("length").asInt()).isEqualTo(PREPARED_STATEMENT_ERROR.length);
        assertThat(error.get("problems")).isEmpty();
        assertThat(error.toString()).contains("prepared statement \\\"S_1\\\" does not exist");

        JsonNode ready = messages.get(1);
        assertThat(ready.get("seq").asLong()).isEqualTo(1);
        assertThat(ready.get("type").asText()).isEqualTo("ReadyForQuery");
        assertThat(ready.get("offset").asLong()).isEqualTo(PREPARED_STATEMENT_ERROR.length);
        assertThat(ready.get("length").asInt()).isEqualTo(6);
        // the top-level fields cover the message, byte for byte
        int covered = 0;
        for (JsonNode f : ready.get("fields")) {
            assertThat(f.get("offset").asInt()).isEqualTo(covered);
            covered += f.get("length").asInt();
        }
        assertThat(covered).isEqualTo(6);
    }

    @Test
    void jsonNamesTheFileWhenSeveralAreGiven() throws IOException {
        Path q = file("q.bin", query("SELECT 1"));
        Path z = file("z.bin", readyForQuery('I'));
        Run run = pgwb("decode", "--format=json", q.toString(), z.toString());

        assertThat(run.exit()).isZero();
        List<JsonNode> messages = parseLines(run.out());
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("file").asText()).isEqualTo(q.toString());
        assertThat(messages.get(0).get("dir").asText()).isEqualTo("F");
        assertThat(messages.get(0).get("type").asText()).isEqualTo("Query");
        assertThat(messages.get(1).get("file").asText()).isEqualTo(z.toString());
        assertThat(messages.get(1).get("dir").asText()).isEqualTo("B");
        assertThat(messages.get(1).get("type").asText()).isEqualTo("ReadyForQuery");
        // each file is its own stream
        assertThat(messages.get(1).get("seq").asLong()).isZero();
        assertThat(messages.get(1).get("offset").asLong()).isZero();
    }

    // ------------------------------------------------------------------ direction

    @Test
    void guessesAClientStreamFromItsStartupMessageAndSaysSo() throws IOException {
        Path f = file("client.bin", concat(startupMessage("user", "alice", "database", "shop"),
                query("SELECT 1"), typed('X', new byte[0])));
        Run run = pgwb("decode", "--brief", f.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("client").contains("StartupMessage").hasLineCount(1);
        assertThat(run.outLines()).containsExactly(
                "F  StartupMessage  3.0 user=\"alice\" database=\"shop\"",
                "F  Query  \"SELECT 1\"",
                "F  Terminate");
    }

    @Test
    void guessesTheMiddleOfAClientStream() throws IOException {
        Path f = file("q.bin", query("SELECT 1"));
        Run run = pgwb("decode", "--brief", f.toString());

        assertThat(run.err()).contains("guessed client").hasLineCount(1);
        assertThat(run.out()).isEqualTo("F  Query  \"SELECT 1\"" + System.lineSeparator());
    }

    @Test
    void guessesAServerStream() throws IOException {
        Path f = file("z.bin", concat(PREPARED_STATEMENT_ERROR, readyForQuery('I')));
        Run run = pgwb("decode", "--brief", f.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("guessed server").contains("--from client").hasLineCount(1);
        assertThat(run.outLines()).first().asString().startsWith("B  ErrorResponse  ERROR 26000");
    }

    @Test
    void guessesAServerStreamThatStartsWithParameterStatus() throws IOException {
        // 'S' is also the server's yes to SSLRequest; followed by a length it is ParameterStatus
        Path f = file("s.bin", concat(typed('S', concat(cstring("TimeZone"), cstring("UTC"))), readyForQuery('T')));
        Run run = pgwb("decode", "--brief", f.toString());

        assertThat(run.err()).contains("guessed server");
        assertThat(run.outLines()).containsExactly("B  ParameterStatus  TimeZone = \"UTC\"",
                "B  ReadyForQuery  T (in a transaction)");
    }

    @Test
    void fromOverridesTheGuessAndSaysNothing() throws IOException {
        Path f = file("q.bin", query("SELECT 1"));
        Run run = pgwb("decode", "--from", "server", "--format", "json", f.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode m = parseLines(run.out()).get(0);
        assertThat(m.get("dir").asText()).isEqualTo("B");
        assertThat(m.get("problems")).isNotEmpty(); // 'Q' is not a server message
    }

    @Test
    void guessesBothSidesOfARealSession() throws IOException {
        // captured from PostgreSQL 18 by the protocol module's fixtures (a test resource there)
        byte[][] sides = captureStreams("captures/unknown-prepared-statement.trace");
        Path client = file("real.F", sides[0]);
        Path server = file("real.B", sides[1]);

        Run c = pgwb("decode", "--brief", client.toString());
        assertThat(c.err()).contains("guessed client");
        assertThat(c.outLines()).first().asString().startsWith("F  StartupMessage  3.0 ");
        assertThat(c.outLines()).contains("F  Bind  portal \"\" statement \"S_1\"");

        Run s = pgwb("decode", "--brief", server.toString());
        assertThat(s.err()).contains("guessed server");
        assertThat(s.outLines()).first().asString().isEqualTo("B  AuthenticationOk");
        assertThat(s.outLines()).contains("B  ErrorResponse  ERROR 26000 prepared statement \"S_1\" does not exist");
        assertThat(s.out()).doesNotContain("   ! ");
    }

    // ------------------------------------------------------------------ hex dumps

    @Test
    void readsAHexDumpOfTheBytes() throws IOException {
        // xxd of a ReadyForQuery, then Wireshark "Copy as Hex Dump" of a Query
        Path dump = file("z.xxd", """
                00000000: 5a00 0000 0549                           Z....I
                """);
        Run run = pgwb("decode", "--brief", dump.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("B  ReadyForQuery  I (idle)" + System.lineSeparator());

        Path wireshark = file("q.txt", "0000   51 00 00 00 0d 53 45 4c 45 43 54 20 31 00   Q....SELECT 1.\n");
        Run q = pgwb("decode", "--brief", "--from", "client", wireshark.toString());
        assertThat(q.out()).isEqualTo("F  Query  \"SELECT 1\"" + System.lineSeparator());
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void aMissingFileIsOneLineAndExitTwo() {
        String missing = dir.resolve("no-such.bin").toString();
        Run run = pgwb("decode", missing);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1).contains(missing).contains("no such file").doesNotContain("Exception");
    }

    @Test
    void anUnreadableHexDumpIsOneLineNamingTheLineAndExitTwo() throws IOException {
        Path bad = file("bad.hex", """
                00000000: 5100 0000 0d53 454c 4543 5420 3100       Q....SELECT 1.
                00000020: 5a00 0000 0549                           Z....I
                """);
        Run run = pgwb("decode", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1).contains(bad.toString()).contains("line 2").doesNotContain("Exception");
    }

    @Test
    void anEmptyFileIsOneLineAndExitTwo() throws IOException {
        Path empty = file("empty.bin", new byte[0]);
        Run run = pgwb("decode", empty.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("empty");
    }

    @Test
    void aDirectoryIsOneLineAndExitTwo() {
        Run run = pgwb("decode", dir.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("directory");
    }

    @Test
    void theGoodFilesAreStillDecodedWhenOneIsBad() throws IOException {
        Path q = file("q.bin", query("SELECT 1"));
        Run run = pgwb("decode", "--brief", "--from", "client", dir.resolve("missing").toString(), q.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("missing");
        assertThat(run.out()).contains("F  Query  \"SELECT 1\"");
    }

    @Test
    void usageMistakesExitTwoWithoutTheWholeHelp() {
        Run run = pgwb("decode", "--from", "sideways", "x.bin");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("sideways").contains("--help").hasLineCount(2);

        assertThat(pgwb("decode").exit()).isEqualTo(2);
        assertThat(pgwb("decode", "--format", "xml", "x.bin").exit()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ help and version

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String[] args : new String[][] {{"--help"}, {"decode", "--help"}, {"help", "decode"}}) {
            Run run = pgwb(args);
            assertThat(run.exit()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).startsWith("Usage: pgwb");
        }
        assertThat(pgwb("decode", "--help").out()).contains("--from").contains("--format").contains("FILE");
        for (String[] args : new String[][] {{"--version"}, {"decode", "--version"}, {"-V"}}) {
            Run run = pgwb(args);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).startsWith("pgwb ");
        }
    }

    @Test
    void noArgumentPrintsTheUsage() {
        Run run = pgwb();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: pgwb").contains("decode");
    }

    // ------------------------------------------------------------------ helpers

    private static List<JsonNode> parseLines(String out) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<String> names(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertFieldShape(JsonNode f) {
        assertThat(names(f)).containsExactly("name", "offset", "length", "value", "children");
        assertThat(f.get("name").isTextual()).isTrue();
        assertThat(f.get("offset").isInt()).isTrue();
        assertThat(f.get("length").isInt()).isTrue();
        assertThat(f.get("value").isTextual()).isTrue();
        for (JsonNode c : f.get("children")) {
            assertFieldShape(c);
        }
    }

    /** The client's and the server's bytes of a capture: lines {@code F <hex>} and {@code B <hex>}. */
    private static byte[][] captureStreams(String resource) throws IOException {
        try (InputStream in = DecodeCommandTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the test class path").isNotNull();
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            ByteArrayOutputStream server = new ByteArrayOutputStream();
            for (String line : new String(in.readAllBytes(), US_ASCII).lines().toList()) {
                if (line.startsWith("F ")) {
                    client.writeBytes(HexFormat.of().parseHex(line.substring(2).strip()));
                } else if (line.startsWith("B ")) {
                    server.writeBytes(HexFormat.of().parseHex(line.substring(2).strip()));
                }
            }
            return new byte[][] {client.toByteArray(), server.toByteArray()};
        }
    }
}
