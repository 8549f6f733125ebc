package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.CopyIn;
import org.junit.jupiter.api.Test;

/** An error inside COPY FROM STDIN: the CONTEXT's line traced to its CopyData, and the CopyData the server discarded. */
class CopyErrorRuleTest {

    @Test
    void lineSevenOfAPsycopgCopy() {
        RealCapture cap = RealCapture.of("copy-from-error"); // psycopg writes one line per CopyData
        Diagnosis d = cap.one("22P02");
        Conversation c = cap.of(d);
        CopyIn copy = c.copies().get(0);
        assertThat(d.cause()).isEqualTo("copy-data");
        CopyIn.Chunk seventh = copy.chunks().get(6);
        CopyIn.Chunk firstAfter = copy.chunks().stream().filter(x -> x.seq() > d.seq()).findFirst().orElseThrow();
        long after = copy.chunks().stream().filter(x -> x.seq() > d.seq()).count();
        assertThat(after).isEqualTo(43);
        assertThat(named(d)).contains(at(c, seventh.seq()), at(c, firstAfter.seq()), at(c, copy.endSeq()));
        assertThat(d.explanation()).contains("line 7", "CopyData at #" + seventh.seq(), "43 CopyData", "discarded", "no row");
    }
}
