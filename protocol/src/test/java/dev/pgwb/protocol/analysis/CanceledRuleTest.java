package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/** 57014 on request: a CancelRequest matched by process id and key, or another session's pg_cancel_backend. */
class CanceledRuleTest {

    @Test
    void pgJdbcQueryTimeoutSendsACancelRequest() {
        RealCapture cap = RealCapture.of("query-timeout-jdbc");
        Diagnosis d = cap.one("57014");
        Conversation canceller = cap.connection(c -> c.cancelRequest().isPresent());
        assertThat(d.cause()).isEqualTo("cancel-request");
        assertThat(named(d)).contains(at(canceller, canceller.cancelRequestSeq()));
        assertThat(d.explanation()).doesNotContain("statement_timeout");
    }

    @Test
    void pgCancelBackendFromAnotherSession() {
        RealCapture cap = RealCapture.of("cancel-backend");
        Diagnosis d = cap.one("57014");
        Conversation victim = cap.of(d);
        Conversation other = cap.others(victim).get(0);
        assertThat(d.cause()).isEqualTo("pg-cancel-backend");
        assertThat(named(d)).contains(at(other, request(other, Query.class, "pg_cancel_backend(" + victim.backendPid() + ")").seq()));
        assertThat(d.explanation()).contains("No CancelRequest");
    }
}
