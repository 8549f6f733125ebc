package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.nth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.message.Parse;
import org.junit.jupiter.api.Test;

/**
 * Only the application's side of PgBouncer captured: the Parse of S_1 succeeded on this connection and
 * was never closed, yet its Bind gets 26000. Without the server legs the analysis can only say so, and
 * point at the pooler.
 */
class StatementLooksAliveRuleTest {

    @Test
    void theApplicationsLegAlone() {
        RealCapture cap = RealCapture.of("pgbouncer-client-leg-only");
        assertThat(cap.analysis.pooler().present()).isFalse();
        Diagnosis d = cap.one("26000");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("looks-alive");
        assertThat(named(d)).contains(at(c, nth(c, Parse.class, 0).seq()));
        assertThat(d.explanation()).contains("looks alive", "pooler", "6432");
    }
}
