package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** A TCP check (connect, close, no byte) is said once about its connection; pg_isready, a real login, is not a problem. */
class ConnectionProbeRuleTest {

    @Test
    void aBareTcpCheckAndPgIsready() {
        RealCapture cap = RealCapture.of("tcp-probe");
        Conversation probe = cap.connection(c -> c.lastFrontendSeq() < 0);
        Conversation isready = cap.application("pg_isready");
        ConnectionSummary s = cap.analysis.summary(probe.connectionId()).orElseThrow();
        assertThat(s.connectionDiagnoses()).extracting(Diagnosis::code, Diagnosis::cause).containsExactly(
                org.assertj.core.groups.Tuple.tuple("connection-probe", "tcp-check"));
        assertThat(s.connectionDiagnoses().get(0).explanation()).contains("without sending a byte");
        assertThat(cap.analysis.diagnoses(isready.connectionId())).isEmpty();
    }
}
