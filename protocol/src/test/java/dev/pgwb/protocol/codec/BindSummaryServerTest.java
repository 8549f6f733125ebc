package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.client.ConnectionSettings;
import dev.pgwb.protocol.client.RunMode;
import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.client.ScriptRunner;
import dev.pgwb.protocol.client.WireClient;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Bind's one-line summary shows its parameters as {@code values} does ({@link RenderedValues}):
 * binary parameters of types the Parse declared decoded by type, not as hex. Real traffic: the
 * composer's client sends the Parse and a Bind of binary int4, int8, uuid and timestamptz to
 * PostgreSQL 18 through the recording relay, and the recording is decoded afterwards.
 */
@ExtendWith(PostgresExtension.class)
class BindSummaryServerTest {

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void typedBinaryParametersAreSummarisedAsTheirValues(PgServer pg) throws Exception {
        String longText = "x".repeat(100);
        // $5 is declared unspecified (0): the server infers int4 from the cast, the decoder cannot know it
        String script = """
                parse S_1 "select $1::int4, $2::int8, $3::uuid, $4::timestamptz, $5::int4, $6::text, $7::text" \
                types=(int4, int8, uuid, timestamptz, 0, text, text)
                bind "" S_1 params=(int4:binary 42, int8:binary 9000000000, uuid:binary a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, \
                timestamptz:binary 0x0002b0d5d4e94000, int4:binary 7, null, "%s")
                execute ""
                sync
                expect ParseComplete
                expect BindComplete
                expect DataRow
                expect CommandComplete tag="SELECT 1"
                expect ReadyForQuery
                """.formatted(longText);
        try (SessionStore store = SessionStore.create(tmp.resolve("bind.pgwb"));
             Relay relay = Relay.start(RelayConfig.of("127.0.0.1", 0, pg.host(), pg.port()), store)) {
            try (SessionStore own = SessionStore.createTemporary();
                 WireClient client = new WireClient(ConnectionSettings.of("127.0.0.1", relay.port(), PgServer.SUPERUSER, "postgres"),
                         own, null, null, null)) {
                ScriptRunner.Result r = new ScriptRunner(client, RunMode.ALL, null).run(ScriptParser.parse(script));
                assertThat(r.passed()).as(r.describe()).isTrue();
            }
            assertThat(relay.awaitRecorded(10_000)).isTrue();

            List<Decoded> binds = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (d.message() instanceof Bind) {
                    binds.add(d);
                }
            });
            assertThat(binds).hasSize(1);
            Decoded bind = binds.get(0);
            List<String> values = RenderedValues.of(bind);

            // the values as PostgreSQL prints them; the undeclared binary one as hex; NULL; the long text as it is
            assertThat(values.subList(0, 4)).containsExactly("42", "9000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                    "2024-01-01 00:00:00+00");
            assertThat(values.get(4)).startsWith("\\x00000007");
            assertThat(values.get(5)).isNull();
            assertThat(values.get(6)).isEqualTo(longText);

            // the summary shows exactly those, one line, the long one cut with its length in bytes
            String summary = MessageSummary.of(bind);
            assertThat(summary).isEqualTo("portal \"\" statement \"S_1\" (42, 9000000000, a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, "
                    + "2024-01-01 00:00:00+00, " + MessageSummary.rendered(values.get(4), 4) + ", NULL, "
                    + "x".repeat(48) + "… (100 bytes))");
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                shown.add(values.get(i) == null ? "NULL" : MessageSummary.rendered(values.get(i),
                        ((Bind) bind.message()).parameters().get(i).length()));
            }
            assertThat(summary).isEqualTo("portal \"\" statement \"S_1\" (" + String.join(", ", shown) + ")");
            assertThat(MessageSummary.line(bind)).isEqualTo("F  Bind  " + summary);

            // without the connection's types (the message alone) binary stays hex, as before
            assertThat(MessageSummary.of(bind.message())).contains("\\x0000002a").doesNotContain("(42,");
        }
    }
}
