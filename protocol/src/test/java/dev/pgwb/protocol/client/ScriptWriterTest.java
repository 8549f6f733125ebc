package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.testing.TraceFile;
import dev.pgwb.protocol.wire.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Script lines written from messages send those messages again, byte for byte. */
@ExtendWith(PostgresExtension.class)
class ScriptWriterTest {

    @Test
    void linesUseTheComposerVerbs() {
        assertThat(ScriptWriter.line(new Query("select 1"), null)).isEqualTo("query \"select 1\"");
        assertThat(ScriptWriter.line(new Parse("S_1", "select * from job where id = $1", List.of(23)), null))
                .isEqualTo("parse S_1 \"select * from job where id = $1\" types=(int4)");
        assertThat(ScriptWriter.line(new Bind("", "S_1", List.of(), Arrays.asList(Bytes.ofAscii("42"), null), List.of()), null))
                .isEqualTo("bind \"\" S_1 params=(\"42\", null)");
        assertThat(ScriptWriter.line(new Close('S', "S_1"), null)).isEqualTo("close statement S_1");
        assertThat(ScriptWriter.line(new Sync(), null)).isEqualTo("sync");
        byte[] rfq = {'Z', 0, 0, 0, 5, 'I'};
        assertThat(ScriptWriter.line(new ReadyForQuery('I'), rfq)).isEqualTo("raw 5a 00 00 00 05 49");
    }

    @Test
    void passwordsAreNeverCopied() {
        String line = ScriptWriter.line(new PasswordMessage("hunter2"), "p\0\0\0\fhunter2\0".getBytes());
        assertThat(line).startsWith("#").doesNotContain("hunter2").doesNotContain("68 75 6e");
    }

    @Test
    void stringsReadBackExactly() throws Exception {
        String tricky = "a \"quoted\" \\ back\nslash\t${not_a_var} $1 \u0001 é 中";
        Script s = ScriptParser.parse(ScriptWriter.line(new Query(tricky), null));
        assertThat(s.steps()).hasSize(1);
        // the runner resolves "${" escapes; sending it is checked against the server below
        assertThat(ScriptWriter.quote(tricky)).doesNotContain("\n").contains("\\${not_a_var}");
    }

    /**
     * The frontend messages of real PostgreSQL 18 captures, written as a script and run against the
     * server, go out as the very same bytes (after the login, which the script's connection does itself).
     */
    @ParameterizedTest
    @ValueSource(strings = {"unknown-prepared-statement", "extended-binary", "simple-query", "copy", "errors-notices",
            "encoding-utf8", "listen-notify"})
    void capturedMessagesReplayByteForByte(String capture, PgServer pg) throws Exception {
        List<Message> messages = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        ConnectionDecoder decoder = new ConnectionDecoder();
        for (TraceFile.Chunk c : TraceFile.capture(capture).chunks()) {
            for (Decoded d : decoder.feed(c.direction(), c.bytes(), 0)) {
                if (d.frame().direction() == Direction.FRONTEND) {
                    messages.add(d.message());
                    frames.add(d.frame().bytes());
                }
            }
        }
        String script = ScriptWriter.script(List.of("from " + capture), messages, frames);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!ScriptWriter.isLogin(messages.get(i))) {
                expected.add(HexFormat.of().formatHex(frames.get(i)));
            }
        }

        assertThat(expected).as("messages after the login in " + capture).hasSizeGreaterThan(2);
        List<String> sent = new ArrayList<>();
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres"),
                    store, null, null, null)) {
                ScriptRunner.Result r = new ScriptRunner(client, RunMode.ALL, null).run(ScriptParser.parse(script));
                assertThat(r.failure()).as(script).isNull();
            }
            SessionDecoder.decodeAll(store, true, (f, d) -> {
                if (f.frame().direction() == Direction.FRONTEND && d.message() instanceof FrontendMessage m
                        && !ScriptWriter.isLogin(m)) {
                    sent.add(HexFormat.of().formatHex(f.frame().bytes()));
                }
            });
        }
        assertThat(sent).as(script).containsExactlyElementsOf(expected);
    }
}
