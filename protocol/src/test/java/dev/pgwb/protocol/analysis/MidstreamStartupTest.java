package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import org.junit.jupiter.api.Test;

/** A psql session whose capture missed only the TCP handshake is read from its SSLRequest and StartupMessage. */
class MidstreamStartupTest {

    @Test
    void theStartupIsDecodedAndNothingIsDiagnosed() {
        RealCapture cap = RealCapture.of("midstream-startup");
        Conversation c = cap.conversation(1);
        assertThat(c.startupParameters()).containsEntry("user", "app").containsEntry("application_name", "psql");
        assertThat(c.negotiations()).hasSize(1);
        assertThat(c.strayStart()).isEmpty();
        assertThat(cap.analysis.diagnoses()).isEmpty();
    }
}
