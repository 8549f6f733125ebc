package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Close;
import org.junit.jupiter.api.Test;

/** 26000 explained by the connection's own Close, even when the capture began after the Parse. */
class StatementEndedRuleTest {

    @Test
    void aCloseSeenWithoutItsParse() {
        RealCapture cap = RealCapture.of("midstream-close-bind"); // libpq through psycopg; the capture starts at the Close
        Diagnosis d = cap.one("26000");
        Conversation c = cap.of(d);
        assertThat(c.startupSeq()).as("the capture holds no startup").isNegative();
        Request close = c.requests().stream().filter(r -> r.message() instanceof Close).findFirst().orElseThrow();
        assertThat(d.cause()).isEqualTo("closed-by-close");
        assertThat(named(d)).contains(at(c, close.seq()));
        assertThat(d.explanation()).contains("prepared before this recording began", "Close at #" + close.seq());
    }
}
