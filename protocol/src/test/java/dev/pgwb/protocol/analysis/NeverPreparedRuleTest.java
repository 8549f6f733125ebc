package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** A statement prepared on another server is not "prepared on another connection": it never could be used here. */
class NeverPreparedRuleTest {

    @Test
    void preparedOnAnotherServer() {
        RealCapture cap = RealCapture.of("two-servers");
        Diagnosis d = cap.one("26000");
        Conversation here = cap.of(d);
        Conversation there = cap.others(here).get(0);
        assertThat(d.cause()).isEqualTo("never-prepared");
        assertThat(d.explanation()).contains("another server", ":5432", ":5433");
        assertThat(d.seqsOn(there.connectionId())).hasSize(1); // its PREPARE, named as another server's
    }
}
