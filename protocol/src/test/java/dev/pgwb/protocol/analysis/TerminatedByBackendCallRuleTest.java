package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/**
 * 57P01 traced to the pg_terminate_backend(pid) another connection ran: the pid from the victim's
 * BackendKeyData, the argument as a literal in a Query or as a Bind parameter, text or binary.
 */
class TerminatedByBackendCallRuleTest {

    @Test
    void aLiteralPidInAPsqlQuery() {
        RealCapture cap = RealCapture.of("terminate-backend-query");
        Diagnosis d = cap.one("57P01");
        Conversation victim = cap.of(d);
        Conversation killer = cap.others(victim).get(0);
        Request call = request(killer, Query.class, "pg_terminate_backend(" + victim.backendPid() + ")");
        assertThat(d.cause()).isEqualTo("pg-terminate-backend");
        assertThat(named(d)).contains(at(killer, call.seq()));
        Request next = request(victim, Query.class, "SELECT 1;");
        assertThat(next.status()).isEqualTo(Request.Status.NOT_EXECUTED);
        assertThat(named(d)).contains(at(victim, next.seq()));
        assertThat(d.explanation()).contains("Connection " + killer.connectionId(), "pg_terminate_backend(" + victim.backendPid() + ")",
                "answers no request");
    }

    @Test
    void aBinaryInt4ParameterOfPgJdbcEndsTheRunningQuery() {
        RealCapture cap = RealCapture.of("terminate-backend-jdbc");
        Diagnosis d = cap.one("57P01");
        Conversation victim = cap.of(d);
        Conversation killer = cap.others(victim).stream().filter(k -> !k.requests().isEmpty()).findFirst().orElseThrow();
        Request execute = request(killer, Execute.class, "pg_terminate_backend");
        long bind = killer.portalOf(execute.seq()).orElseThrow().bindSeq();
        assertThat(killer.request(bind).orElseThrow().message()).isInstanceOf(Bind.class);
        assertThat(d.cause()).isEqualTo("pg-terminate-backend");
        assertThat(named(d)).contains(at(killer, bind));
        Request running = request(victim, Execute.class, "pg_sleep");
        assertThat(victim.requestFailedBy(d.seq())).contains(running); // this FATAL answered the query it ended
        assertThat(d.explanation()).contains("in binary", "which was running").doesNotContain("answers no request");
    }

    @Test
    void aBinaryInt2ParameterOfPsycopg() {
        RealCapture cap = RealCapture.of("terminate-backend-binary");
        Diagnosis d = cap.one("57P01");
        Conversation victim = cap.of(d);
        Conversation killer = cap.others(victim).get(0);
        long bind = killer.portalOf(request(killer, Execute.class, "pg_terminate_backend").seq()).orElseThrow().bindSeq();
        assertThat(named(d)).contains(at(killer, bind));
        assertThat(request(victim, Query.class, "SELECT 2").status()).isEqualTo(Request.Status.NOT_EXECUTED);
    }
}
