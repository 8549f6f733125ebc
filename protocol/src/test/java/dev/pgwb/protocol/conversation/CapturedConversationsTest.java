package dev.pgwb.protocol.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.testing.TraceFile;
import dev.pgwb.protocol.wire.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real captures replayed through the conversation: what each one's analysis says. */
class CapturedConversationsTest {

    static Conversation replay(String name) {
        TraceFile trace = TraceFile.capture(name);
        ConnectionDecoder decoder = new ConnectionDecoder();
        long time = 0;
        for (TraceFile.Chunk chunk : trace.chunks()) {
            time += 1_000;
            decoder.feed(chunk.direction(), chunk.bytes(), time);
        }
        decoder.finish(Direction.FRONTEND, time + 1);
        decoder.finish(Direction.BACKEND, time + 1);
        Conversation c = decoder.state().conversation();
        c.finish();
        return c;
    }

    /** The analysis's diagnoses of one replayed connection. */
    static List<Diagnosis> diagnoses(Conversation c) {
        return SessionAnalysis.of(List.of(c)).diagnoses();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-cleartext", "auth-md5", "auth-scram", "cancel-3.2", "copy", "encoding-gbk", "encoding-utf8",
            "errors-notices", "extended-binary", "gss-ssl-refused", "listen-notify", "protocol-3.2", "protocol-3.3-negotiate",
            "replication-logical", "replication-physical", "simple-query", "tls-direct", "tls-prefer-refused", "tls-require",
            "unknown-prepared-statement"})
    void everyRequestOfARealCaptureIsAnswered(String name) {
        Conversation c = replay(name);
        assertThat(c.requests()).as(name).extracting(Request::status)
                .doesNotContain(Request.Status.UNANSWERED, Request.Status.PENDING);
        assertThat(diagnoses(c)).as(name).extracting(Diagnosis::code).doesNotContain("execute-without-sync", "after-terminate");
        // every error explained, with the error frame named
        for (long error : c.errors().keySet()) {
            assertThat(diagnoses(c)).as(name).anyMatch(d -> d.seq() == error && d.severity() == Diagnosis.Severity.ERROR
                    && d.seqsOn(0).contains(error));
        }
        if (c.protocolVersion() != 0) {
            assertThat(c.transactionStatus()).as(name).isEqualTo('I');
        }
    }

    @Test
    void authenticationMethodsAndProtocolVersions() {
        assertThat(replay("auth-cleartext").authMethod()).isEqualTo("cleartext password");
        assertThat(replay("auth-md5").authMethod()).isEqualTo("MD5 password");
        assertThat(replay("auth-scram").authMethod()).isEqualTo("SASL SCRAM-SHA-256");
        assertThat(replay("auth-scram").phaseChanges()).extracting(Conversation.PhaseChange::phase)
                .startsWith(Phase.STARTUP, Phase.AUTHENTICATION, Phase.AUTHENTICATED, Phase.READY);
        assertThat(replay("simple-query").authMethod()).isEqualTo("none (trust)");
        assertThat(replay("protocol-3.2").protocolVersion()).isEqualTo(0x00030002);
        assertThat(replay("protocol-3.3-negotiate").protocolVersion()).as("3.3 asked, 3.2 negotiated").isEqualTo(0x00030002);
        assertThat(replay("cancel-3.2").cancelRequest()).isPresent();
    }

    @Test
    void failedTransactionInTheErrorsCaptureNamesTheDivisionByZero() {
        Conversation c = replay("errors-notices");
        Diagnosis d = diagnoses(c).stream().filter(x -> x.code().equals("25P02")).findFirst().orElseThrow();
        long divisionByZero = c.errors().entrySet().stream().filter(e -> e.getValue().sqlState().equals("22012"))
                .findFirst().orElseThrow().getKey();
        assertThat(d.cause()).isEqualTo("earlier-error");
        assertThat(d.seqsOn(0)).contains(divisionByZero);
    }

    @Test
    void unknownPreparedStatementCaptureIsExplained() {
        Conversation c = replay("unknown-prepared-statement");
        assertThat(diagnoses(c)).filteredOn(d -> d.severity() == Diagnosis.Severity.ERROR)
                .extracting(d -> d.code() + "/" + d.cause())
                .containsExactly("26000/never-prepared", "26000/never-prepared", "42P05/already-prepared", "26000/closed-by-close"); // the 42P05 left S_1 alive: the Close ended it
    }

    @Test
    void copyCaptureCountsItsData() {
        Conversation c = replay("copy");
        assertThat(c.phaseChanges()).extracting(Conversation.PhaseChange::phase)
                .contains(Phase.STARTUP, Phase.AUTHENTICATED, Phase.READY, Phase.COPY_IN, Phase.COPY_OUT, Phase.TERMINATED);
        assertThat(c.messageCounts()).containsKeys("CopyInResponse", "CopyOutResponse", "CopyData", "CopyDone");
        assertThat(c.requests()).filteredOn(r -> r.message() instanceof dev.pgwb.protocol.message.Query)
                .allSatisfy(r -> assertThat(r.replies()).isNotEmpty());
    }
}
