package dev.pgwb.app.ui.timeline;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.filter.FilterParser;
import dev.pgwb.protocol.session.SessionStore;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table model's hand-over from the index to the EDT loses no row, however the two interleave. */
class TimelineModelTest {
    @TempDir
    Path tmp;

    /**
     * A filter's result travels to the EDT while the session grows: rows it matched after its pass
     * over the index (told separately) reach the EDT before the result does, and must follow it, not
     * be dropped with it. The EDT is held so that this order is certain.
     */
    @Test
    void rowsMatchedWhileAFilterResultIsOnItsWayAreKept() throws Exception {
        try (SessionStore store = SyntheticSession.create(tmp.resolve("live.pgwb"), 1, 500)) {
            TimelineModel model = onEdt(TimelineModel::new);
            TimelineIndex index = onEdt(() -> model.show(store));
            waitFor("the session indexed", 30, () -> index.count() == store.frameCount());

            long before;
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            SwingUtilities.invokeLater(() -> {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                held.await(10, TimeUnit.SECONDS);
                Filter errors = FilterParser.parse("is:error");
                model.setFilter(errors);
                for (int i = 0; i < 3000 && index.appliedFilter() != errors; i++) {
                    Thread.sleep(10); // the filter's pass over the index: its result now waits for the EDT
                }
                assertThat(index.appliedFilter()).isSameAs(errors);
                before = store.frameCount();
                SyntheticSession.grow(store, store.connections().get(0).id(), before, 1000, 200); // some of them errors
                for (int i = 0; i < 3000 && index.count() < store.frameCount(); i++) {
                    Thread.sleep(10); // analysed and matched: the new errors wait for the EDT too
                }
                assertThat(index.count()).isEqualTo(store.frameCount());
            } finally {
                release.countDown();
            }
            int[] errors = IntStream.range(0, (int) index.count()).filter(index::isError).toArray();
            assertThat(IntStream.of(errors).filter(f -> f >= before).count()).as("errors among the rows added while the EDT was held").isPositive();
            waitFor("every error shown", 10, () -> model.getRowCount() == errors.length);
            assertThat(onEdt(() -> IntStream.range(0, model.getRowCount()).map(model::frameAt).toArray())).containsExactly(errors);
            onEdt(() -> model.show(null));
        }
    }
}
