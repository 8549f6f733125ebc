package dev.pgwb.app.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.filter.FilterParser;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.session.SessionStore;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline names, colours and filters messages by the registry of message types alone: a
 * registry without Execute shows its frames as Unknown, the same registry given Execute's entry
 * back shows them as Execute (codec's NewMessageTypeTest writes such an entry from scratch).
 */
class TimelineNewMessageTypeTest {
    @TempDir
    Path tmp;

    /** The index's rows once all are indexed, and the rows the filter kept. */
    private record Result(TimelineIndex index, int[] filtered) {
    }

    private static Result index(SessionStore store, MessageTypes types, String filter) throws Exception {
        CompletableFuture<int[]> filtered = new CompletableFuture<>();
        CompletableFuture<Void> indexed = new CompletableFuture<>();
        TimelineIndex index = new TimelineIndex(store, new TimelineIndex.Listener() {
            @Override
            public void indexed(long indexedCount, long storeCount) {
                if (indexedCount == storeCount) {
                    indexed.complete(null);
                }
            }

            @Override
            public void filtered(int generation, int[] rows, int count, boolean replaced) {
                if (replaced) {
                    filtered.complete(java.util.Arrays.copyOf(rows, count));
                }
            }
        }, types);
        index.start();
        indexed.get(60, TimeUnit.SECONDS);
        index.setFilter(FilterParser.parse(filter, types));
        return new Result(index, filtered.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aTypeAddedToTheRegistryIsNamedColouredAndFilteredInTheTimeline() throws Exception {
        MessageTypes standard = MessageTypes.standard();
        MessageTypes without = standard.without(Execute.class);
        MessageTypes with = without.with(standard.of(Execute.class));
        try (SessionStore store = SyntheticSession.create(tmp.resolve("s.pgwb"), 1, 60)) {
            Result before = index(store, without, "type:Unknown");
            Result after = index(store, with, "type:Execute & pg.portal:\"\"");
            try (TimelineIndex b = before.index(); TimelineIndex a = after.index()) {
                int[] executes = IntStream.range(0, (int) a.count()).filter(r -> a.typeName(r).equals("Execute")).toArray();
                assertThat(executes).isNotEmpty();
                assertThat(after.filtered()).containsExactly(executes);
                assertThat(before.filtered()).containsExactly(executes);
                for (int row : executes) {
                    assertThat(b.typeName(row)).isEqualTo("Unknown");
                    assertThat(b.hasProblems(row)).isTrue();
                    assertThat(a.hasProblems(row)).isFalse();
                    assertThat(a.decode(row).message()).isInstanceOf(Execute.class);
                }
                assertThat(MessageFamily.of(without.family("Execute"))).isEqualTo(MessageFamily.OTHER);
                assertThat(MessageFamily.of(with.family("Execute"))).isEqualTo(MessageFamily.EXTENDED_QUERY);
            }
        }
    }
}
