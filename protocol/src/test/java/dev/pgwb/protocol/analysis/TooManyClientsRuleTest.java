package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** 53300 with the connections the recording shows open at that moment (max_connections = 5 on the server). */
class TooManyClientsRuleTest {

    @Test
    void theSixthOfSixIsRefused() {
        RealCapture cap = RealCapture.of("too-many-clients");
        Diagnosis d = cap.one("53300");
        Conversation c = cap.of(d);
        assertThat(c.startupParameters().get("application_name")).isEqualTo("c6");
        assertThat(d.cause()).isEqualTo("too-many-clients");
        assertThat(d.explanation()).contains("5 other connections", "max_connections is probably 5");
        assertThat(d.seqsOn(c.connectionId())).contains(c.startupSeq());
    }
}
