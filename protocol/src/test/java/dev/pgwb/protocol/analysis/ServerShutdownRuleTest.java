package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/** 57P01 with no pg_terminate_backend in the recording: a shutdown (pg_ctl stop -m fast here) or a terminate from outside it. */
class ServerShutdownRuleTest {

    @Test
    void aFastShutdownEndsAnIdlePsql() {
        RealCapture cap = RealCapture.of("shutdown");
        Diagnosis d = cap.one("57P01");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("admin-shutdown");
        assertThat(c.requestFailedBy(d.seq())).isEmpty();
        Request next = request(c, Query.class, "SELECT 2");
        assertThat(next.status()).isEqualTo(Request.Status.NOT_EXECUTED);
        assertThat(named(d)).contains(at(c, next.seq()));
        assertThat(d.explanation()).contains("shut down", "pg_terminate_backend(" + c.backendPid() + ")",
                "nothing in this recording called it", "answers no request");
    }
}
