package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** StartupMessages for protocol 2.0 (answered in protocol 2's own error format) and 4.0 (a protocol-3 ErrorResponse). */
class UnsupportedProtocolRuleTest {

    @Test
    void twoPointZeroAndFourPointZero() {
        RealCapture cap = RealCapture.of("unsupported-protocol");
        Conversation two = cap.connection(c -> c.protocolVersion() == 0x00020000);
        Conversation four = cap.connection(c -> c.protocolVersion() == 0x00040000);
        Diagnosis d2 = cap.one("0A000", two);
        Diagnosis d4 = cap.one("0A000", four);
        assertThat(d2.cause()).isEqualTo("unsupported-protocol");
        assertThat(d2.explanation()).contains("protocol 2's own error format", "unsupported frontend protocol 2.0", "PostgreSQL 14");
        assertThat(d2.seqsOn(two.connectionId())).contains(two.startupSeq());
        assertThat(d4.cause()).isEqualTo("unsupported-protocol");
        assertThat(d4.explanation()).contains("4.0", "after 3.x");
        assertThat(d4.seqsOn(four.connectionId())).contains(four.startupSeq());
    }
}
