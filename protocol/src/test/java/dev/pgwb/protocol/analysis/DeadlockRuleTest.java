package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/**
 * 40P01 between two psycopg sessions: the DETAIL's process ids mapped to the two connections, the
 * other connection's statement that holds what the victim waited for, the one it was waiting in, and
 * the victim's own statement that the other waited for.
 */
class DeadlockRuleTest {

    @Test
    void namesBothSidesOfTheCycle() {
        RealCapture cap = RealCapture.of("deadlock");
        Diagnosis d = cap.one("40P01");
        Conversation victim = cap.of(d);
        Conversation other = cap.others(victim).get(0);
        assertThat(victim.startupParameters().get("application_name")).isEqualTo("B"); // the capture's victim, as the server chose
        assertThat(d.cause()).isEqualTo("deadlock");
        Request failed = victim.requestFailedBy(d.seq()).orElseThrow();
        assertThat(RealCapture.sql(victim, failed)).contains("WHERE id = 1");
        Request otherHolds = request(other, Query.class, "balance - 10 WHERE id = 1"); // A's first UPDATE: locks row 1
        Request otherWaits = request(other, Query.class, "balance + 10 WHERE id = 2");  // A's second: waits for row 2
        Request victimHolds = request(victim, Query.class, "balance - 20 WHERE id = 2"); // B's first UPDATE: locks row 2
        assertThat(named(d)).contains(at(other, otherHolds.seq()), at(other, otherWaits.seq()), at(victim, victimHolds.seq()));
        assertThat(d.explanation()).contains("process " + other.backendPid() + " (connection " + other.connectionId() + ")",
                "This connection (process " + victim.backendPid() + ")");
    }
}
