package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.nth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Execute;
import org.junit.jupiter.api.Test;

/**
 * 23505 in a pipeline: the earlier Bind that wrote the DETAIL's key, and (ImplicitTransactionNote)
 * the statements of the same implicit transaction rolled back with the error.
 */
class ConflictingKeyRuleTest {

    private static void firstBindConflictsAndTheFirstTwoRollBack(String capture) {
        RealCapture cap = RealCapture.of(capture);
        Diagnosis d = cap.one("23505");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("duplicate-key");
        Request firstBind = nth(c, Bind.class, 0);
        Request thirdBind = nth(c, Bind.class, 2);
        assertThat(RealCapture.sql(c, c.requestFailedBy(d.seq()).orElseThrow())).contains("INSERT");
        assertThat(((Bind) firstBind.message()).parameters().get(0)).isEqualTo(((Bind) thirdBind.message()).parameters().get(0));
        assertThat(named(d)).contains(at(c, firstBind.seq()), at(c, nth(c, Execute.class, 0).seq()), at(c, nth(c, Execute.class, 1).seq()));
        assertThat(d.explanation()).contains("Key (id)=(1)", "implicit transaction", "undone");
        assertThat(nth(c, Execute.class, 3).status()).isEqualTo(Request.Status.SKIPPED);
    }

    @Test
    void psycopgPipeline() {
        firstBindConflictsAndTheFirstTwoRollBack("pipeline-unique-violation");
    }

    @Test
    void pgJdbcBatch() {
        firstBindConflictsAndTheFirstTwoRollBack("batch-unique-violation");
    }
}
