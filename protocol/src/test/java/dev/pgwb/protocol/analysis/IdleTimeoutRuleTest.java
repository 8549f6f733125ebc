package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.ReadyMark;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/**
 * Idle timeouts end a connection with a FATAL the server sends on its own, before the client's next
 * request: that FATAL answers nothing, the request after it never ran, and the cause is the setting
 * (with its frame when the recording holds it) and how long the connection idled.
 */
class IdleTimeoutRuleTest {

    /** The ReadyForQuery after which the connection idled: the last one before the error. */
    private static ReadyMark idleFrom(Conversation c, Diagnosis d) {
        return c.readyMarks().stream().filter(r -> r.seq() < d.seq()).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void psqlIdleInTransactionTimesOutBeforeItsNextQuery() {
        RealCapture cap = RealCapture.of("idle-in-transaction-timeout");
        Diagnosis d = cap.one("25P03");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("idle-in-transaction-timeout");
        assertThat(c.requestFailedBy(d.seq())).as("the FATAL answers no request").isEmpty();
        Request set = request(c, Query.class, "SET idle_in_transaction_session_timeout");
        Request next = request(c, Query.class, "SELECT 2");
        ReadyMark idle = idleFrom(c, d);
        assertThat(idle.status()).isEqualTo('T');
        assertThat(next.seq()).isGreaterThan(d.seq());
        assertThat(next.status()).isEqualTo(Request.Status.NOT_EXECUTED);
        assertThat(next.skippedBecauseOf()).isEqualTo(d.seq());
        assertThat(named(d)).contains(at(c, idle.seq()), at(c, set.seq()), at(c, next.seq()));
        assertThat(d.explanation()).contains("500ms", "answers no request", "#" + next.seq(), "never executed", "rolled back")
                .doesNotContain("that failed");
    }

    @Test
    void aRoleSettingIsNamedAsTheOriginWhenTheRecordingSetsNothing() {
        RealCapture cap = RealCapture.of("idle-in-transaction-timeout-role"); // psycopg 3, ALTER ROLE ... SET beforehand
        Diagnosis d = cap.one("25P03");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("idle-in-transaction-timeout");
        assertThat(d.explanation()).contains("never sets idle_in_transaction_session_timeout", "ALTER ROLE");
        assertThat(request(c, Query.class, "SELECT 2").status()).isEqualTo(Request.Status.NOT_EXECUTED);
        assertThat(named(d)).contains(at(c, idleFrom(c, d).seq()));
    }

    @Test
    void idleSessionTimeoutOfNodePostgres() {
        RealCapture cap = RealCapture.of("idle-session-timeout"); // node-postgres never sends the next query
        Diagnosis d = cap.one("57P05");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("idle-session-timeout");
        assertThat(idleFrom(c, d).status()).isEqualTo('I');
        assertThat(named(d)).contains(at(c, request(c, Query.class, "SET idle_session_timeout").seq()), at(c, idleFrom(c, d).seq()));
        assertThat(d.explanation()).contains("answers no request").doesNotContain("never executed");
    }

    @Test
    void idleSessionTimeoutOfPsqlNamesTheQueryThatNeverRan() {
        RealCapture cap = RealCapture.of("idle-session-timeout-psql");
        Diagnosis d = cap.one("57P05");
        Conversation c = cap.of(d);
        Request next = request(c, Query.class, "SELECT 1");
        assertThat(next.status()).isEqualTo(Request.Status.NOT_EXECUTED);
        assertThat(named(d)).contains(at(c, next.seq()));
        assertThat(c.errors()).hasSize(1); // the query is not reported as failed with 57P05
    }
}
