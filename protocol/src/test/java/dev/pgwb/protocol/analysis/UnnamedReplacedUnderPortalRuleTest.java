package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * psycopg's ordinary pipeline re-parses the unnamed statement while the answers of the portal before
 * it are still on their way; in the server's order that portal has already run to completion, so
 * there is nothing to warn about. (The warning itself, for a portal suspended with rows left, is
 * checked against PostgreSQL in {@link DiagnosisTest}.)
 */
class UnnamedReplacedUnderPortalRuleTest {

    @Test
    void anOrdinaryPsycopgPipelineRaisesNothing() {
        RealCapture cap = RealCapture.of("psycopg-pipeline-ok");
        assertThat(cap.analysis.diagnoses()).isEmpty();
        assertThat(cap.conversation(1).requests()).filteredOn(r -> r.message() instanceof dev.pgwb.protocol.message.Parse p
                && p.statement().isEmpty()).hasSizeGreaterThan(3);
    }
}
