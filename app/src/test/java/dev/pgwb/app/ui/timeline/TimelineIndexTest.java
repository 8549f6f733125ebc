package dev.pgwb.app.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.filter.FilterParser;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineIndexTest {
    @TempDir
    Path tmp;

    /** Collects what the index tells its listener, and lets a test wait for a condition on it. */
    private static final class Recorder implements TimelineIndex.Listener {
        volatile long indexed;
        final AtomicReference<int[]> lastFiltered = new AtomicReference<>();
        volatile int lastGeneration = -1;

        @Override
        public void indexed(long indexedCount, long storeCount) {
            indexed = indexedCount;
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public void filtered(int generation, int[] rows, int count, boolean replaced) {
            if (replaced) {
                lastFiltered.set(rows == null ? null : java.util.Arrays.copyOf(rows, count));
                lastGeneration = generation;
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        synchronized void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!condition.getAsBoolean()) {
                long left = deadline - System.currentTimeMillis();
                assertThat(left).as("condition within 60 s").isPositive();
                wait(left);
            }
        }
    }

    @Test
    void decodingOneRowFromACheckpointEqualsDecodingTheWholeSessionInOrder() throws Exception {
        try (SessionStore store = SyntheticSession.create(tmp.resolve("s.pgwb"), 3, 700)) {
            List<Decoded> sequential = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> sequential.add(d));
            Recorder r = new Recorder();
            try (TimelineIndex index = new TimelineIndex(store, r)) {
                index.start();
                r.await(() -> r.indexed == store.frameCount());
                for (int row : new int[] {0, 1, 63, 64, 65, 200, 1000, 1500, (int) store.frameCount() - 1}) {
                    Decoded d = index.decode(row);
                    assertThat(d.message()).as("row " + row).isEqualTo(sequential.get(row).message());
                    assertThat(d.fields()).isEqualTo(sequential.get(row).fields());
                    assertThat(index.typeName(row)).isEqualTo(sequential.get(row).typeName());
                }
                long ofConnection1 = java.util.stream.LongStream.range(0, store.frameCount())
                        .filter(i -> store.connectionIdOf(i) == 1).count();
                assertThat(index.stats(1).messages()).isEqualTo(ofConnection1);
                assertThat(index.stats(1).errors()).isPositive();
            }
        }
    }

    @Test
    void aLargeSessionIsIndexedAndFilteredOffTheCallersThread() throws Exception {
        int perConnection = 50_000;
        try (SessionStore store = SyntheticSession.create(tmp.resolve("big.pgwb"), 4, perConnection)) {
            assertThat(store.frameCount()).isGreaterThanOrEqualTo(200_000);
            Recorder r = new Recorder();
            try (TimelineIndex index = new TimelineIndex(store, r)) {
                index.start();
                r.await(() -> r.indexed == store.frameCount());

                index.setFilter(FilterParser.parse("is:error & conn:3"));
                int gen = index.filterGeneration();
                r.await(() -> r.lastGeneration == gen);
                int[] errors = r.lastFiltered.get();
                assertThat(errors).isNotEmpty();
                for (int row : errors) {
                    assertThat(index.isError(row)).isTrue();
                    assertThat(index.connectionId(row)).isEqualTo(3);
                    assertThat(index.sqlState(row)).isEqualTo("26000");
                }

                // a content filter decodes every row again, in the background
                index.setFilter(FilterParser.parse("text:missing_49 & conn:1"));
                int gen2 = index.filterGeneration();
                r.await(() -> r.lastGeneration == gen2);
                assertThat(r.lastFiltered.get()).isNotEmpty(); // missing_49, missing_499, ...
                for (int row : r.lastFiltered.get()) {
                    assertThat(index.typeName(row)).isEqualTo("Query");
                    assertThat(index.connectionId(row)).isEqualTo(1);
                    assertThat(index.decode(row).message().toString()).contains("missing_49");
                }

                // a newer filter supersedes one still running
                index.setFilter(FilterParser.parse("stmt:S_1"));
                index.setFilter(Filter.ALL);
                int gen3 = index.filterGeneration();
                r.await(() -> r.lastGeneration == gen3);
                assertThat(r.lastFiltered.get()).isNull();
            }
        }
    }

    @Test
    void framesArrivingAfterAFilterIsSetAreFilteredAsTheyCome() throws Exception {
        try (SessionStore store = SyntheticSession.create(tmp.resolve("live.pgwb"), 1, 1000)) {
            List<int[]> appended = new ArrayList<>();
            CompletableFuture<Void> sawError = new CompletableFuture<>();
            TimelineIndex.Listener l = new TimelineIndex.Listener() {
                @Override
                public void indexed(long indexedCount, long storeCount) {
                }

                @Override
                public void filtered(int generation, int[] rows, int count, boolean replaced) {
                    if (!replaced) {
                        appended.add(java.util.Arrays.copyOf(rows, count));
                        sawError.complete(null);
                    }
                }
            };
            try (TimelineIndex index = new TimelineIndex(store, l)) {
                index.setFilter(FilterParser.parse("is:error"));
                index.start();
                sawError.get(30, TimeUnit.SECONDS);
                assertThat(appended.get(0)).isNotEmpty();
                for (int row : appended.get(0)) {
                    assertThat(index.isError(row)).isTrue();
                }
            }
        }
    }
}
