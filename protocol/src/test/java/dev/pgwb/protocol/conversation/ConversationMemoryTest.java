package dev.pgwb.protocol.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.BindComplete;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.ParseComplete;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decoder that runs for days must not keep the history the analysis keeps. */
class ConversationMemoryTest {
    private long seq;

    private void feed(Conversation c, Message... messages) {
        for (Message m : messages) {
            Direction d = m instanceof FrontendMessage && !(m instanceof DataRow) ? Direction.FRONTEND : Direction.BACKEND;
            c.accept(new Frame(d, seq, seq * 1000, 0, FrameKind.TYPED, Encoder.encode(m), null), m);
            seq++;
        }
    }

    private Conversation run(boolean retainHistory, int queries) {
        Conversation c = new Conversation(1, retainHistory);
        feed(c, new Parse("S_1", "SELECT 1", List.of()), new Sync(), new ParseComplete(), new ReadyForQuery('I'));
        for (int i = 0; i < queries; i++) {
            feed(c, new Parse("", "SELECT " + i, List.of()), new Bind("", "", List.of(), List.of(), List.of()), new Execute("", 0),
                    new Sync(), new ParseComplete(), new BindComplete(), new DataRow(List.of(Bytes.ofAscii("1"))),
                    new CommandComplete("SELECT 1"), new ReadyForQuery('I'));
        }
        return c;
    }

    @Test
    void withoutHistoryOnlyWhatIsAliveIsKept() {
        Conversation c = run(false, 10_000);
        assertThat(c.requests()).isEmpty();
        assertThat(c.roundTrips()).isEmpty();
        assertThat(c.registry().statementHistory()).extracting(StatementEntry::name).containsExactlyInAnyOrder("S_1", "");
        assertThat(c.registry().portalHistory()).isEmpty();
        assertThat(c.registry().statement("S_1")).isPresent();
    }

    @Test
    void withHistoryEverythingIsKept() {
        Conversation c = run(true, 1_000);
        assertThat(c.requests()).hasSize(2 + 4 * 1_000);
        assertThat(c.roundTrips()).hasSize(1_001);
        assertThat(c.registry().statementHistory()).hasSize(1_001);
        assertThat(c.registry().statementHistory().get(1).endCause()).isEqualTo("unnamed Parse");
        assertThat(c.registry().portalHistory()).extracting(PortalEntry::endCause).containsOnly("transaction end");
    }
}
