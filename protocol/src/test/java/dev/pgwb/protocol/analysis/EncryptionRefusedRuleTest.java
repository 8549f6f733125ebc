package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** sslmode=require against a server without TLS: SSLRequest, 'N', and the client hangs up. */
class EncryptionRefusedRuleTest {

    @Test
    void psqlRequiringTlsHangsUpAfterN() {
        RealCapture cap = RealCapture.of("sslmode-require-refused");
        Diagnosis d = cap.one("ssl-refused");
        Conversation c = cap.of(d);
        Conversation.Negotiation n = c.negotiations().get(0);
        assertThat(n.answer()).isEqualTo('N');
        assertThat(named(d)).containsExactly(at(c, n.requestSeq()), at(c, n.responseSeq()));
        assertThat(d.explanation()).contains("sslmode=require");
    }

    @Test
    void aClientThatGoesOnWithoutTlsIsFine() {
        RealCapture cap = RealCapture.of("deadlock"); // psycopg: sslmode=prefer, 'N', then a plain login
        assertThat(cap.conversation(1).negotiations()).extracting(Conversation.Negotiation::answer).containsExactly('N');
        assertThat(cap.all("ssl-refused")).isEmpty();
    }
}
