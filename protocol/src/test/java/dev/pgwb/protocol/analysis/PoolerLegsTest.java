package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** The two legs of a pooler are found from the bytes they forward, and only where there is a pooler. */
class PoolerLegsTest {

    @Test
    void pgBouncersLegsAreTold() {
        RealCapture cap = RealCapture.of("pgbouncer-duplicate");
        PoolerLegs legs = cap.analysis.pooler();
        assertThat(legs.present()).isTrue();
        assertThat(legs.poolerAddress()).endsWith(":6432");
        assertThat(legs.serverAddress()).endsWith(":5432");
        Conversation a = cap.application("A");
        assertThat(legs.isClientLeg(a.connectionId())).isTrue();
        long parse = RealCapture.nth(a, dev.pgwb.protocol.message.Parse.class, 0).seq();
        FrameRef copy = legs.forwardedTo(a.connectionId(), parse).orElseThrow();
        assertThat(legs.isServerLeg(copy.connection())).isTrue();
        assertThat(legs.forwardedFrom(copy.connection(), copy.seq())).hasValueSatisfying(f -> assertThat(f.seq()).isEqualTo(parse));
    }

    @Test
    void noPoolerWhereThereIsNone() {
        assertThat(RealCapture.of("deadlock").analysis.pooler().present()).isFalse();
        assertThat(RealCapture.of("two-servers").analysis.pooler().present()).as("two servers, nothing forwarded").isFalse();
    }
}
