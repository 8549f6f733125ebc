package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/** 57014 statement timeout: where statement_timeout came from, a SET, the StartupMessage, or a default. */
class StatementTimeoutRuleTest {

    @Test
    void setInTheSession() {
        RealCapture cap = RealCapture.of("statement-timeout");
        Diagnosis d = cap.one("57014");
        Conversation c = cap.of(d);
        assertThat(d.cause()).isEqualTo("statement-timeout");
        assertThat(named(d)).contains(at(c, request(c, Query.class, "SET statement_timeout").seq()),
                at(c, request(c, Query.class, "pg_sleep").seq()));
        assertThat(d.explanation()).contains("200ms", "ran for");
    }

    @Test
    void setByTheRoleIsNotInTheRecording() {
        RealCapture cap = RealCapture.of("statement-timeout-role"); // node-postgres
        Diagnosis d = cap.one("57014");
        assertThat(d.cause()).isEqualTo("statement-timeout");
        assertThat(d.explanation()).contains("never sets statement_timeout", "ALTER ROLE");
        assertThat(d.frames()).hasSize(2); // the query and the error: nothing else to point at
    }

    @Test
    void setInTheStartupOptions() {
        RealCapture cap = RealCapture.of("statement-timeout-startup"); // PGOPTIONS='-c statement_timeout=200'
        Diagnosis d = cap.one("57014");
        Conversation c = cap.of(d);
        assertThat(named(d)).contains(at(c, c.startupSeq()));
        assertThat(d.explanation()).contains("StartupMessage", "options");
    }
}
