package dev.pgwb.app.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;

/**
 * The window's one background executor: slow work (files, relays, the sandbox) runs here and its
 * result or failure comes back on the event dispatch thread.
 */
public final class Background {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pgwb-background-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** A task that produces a value off the EDT. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} in the background, then {@code done} or {@code failed} on the EDT. */
    public <T> Future<?> run(Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        return pool.submit(() -> {
            try {
                T value = work.run();
                SwingUtilities.invokeLater(() -> done.accept(value));
            } catch (Throwable e) {
                SwingUtilities.invokeLater(() -> failed.accept(e));
            }
        });
    }

    public void shutdown() {
        pool.shutdownNow();
    }
}
