package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/** 55P03: the connection whose open transaction holds the row, and the lock_timeout frame (or NOWAIT). */
class LockTimeoutRuleTest {

    @Test
    void pgJdbcGivesUpAfterItsLockTimeoutOnARowPsqlHolds() {
        RealCapture cap = RealCapture.of("lock-timeout");
        Diagnosis d = cap.one("55P03");
        Conversation waiter = cap.of(d);
        Conversation holder = cap.others(waiter).stream().filter(c -> !c.requests().isEmpty()).findFirst().orElseThrow();
        assertThat(d.cause()).isEqualTo("lock-timeout");
        long update = request(holder, Query.class, "UPDATE items").seq();
        long begin = request(holder, Query.class, "BEGIN").seq();
        long setting = request(waiter, Parse.class, "SET lock_timeout").seq(); // pgJDBC sends SET through Parse/Bind/Execute
        assertThat(named(d)).contains(at(holder, update), at(holder, begin), at(waiter, setting));
        assertThat(d.explanation()).contains("300ms", "Connection " + holder.connectionId() + " held it", "items");
    }

    @Test
    void nowaitFailsAtOnceOnTheRowAnOpenTransactionHolds() {
        RealCapture cap = RealCapture.of("lock-nowait");
        Diagnosis d = cap.one("55P03");
        Conversation waiter = cap.of(d);
        Conversation holder = cap.others(waiter).get(0);
        assertThat(d.cause()).isEqualTo("lock-nowait");
        assertThat(named(d)).contains(at(holder, request(holder, Query.class, "UPDATE items").seq()));
        assertThat(d.explanation()).contains("NOWAIT").doesNotContain("lock_timeout (");
    }
}
