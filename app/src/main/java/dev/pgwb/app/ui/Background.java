package dev.pgwb.app.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;

/**
 * The workbench's one background executor (shared by its composers): every slow job — opening,
 * importing, saving and exporting sessions, relays and the sandbox, a composer's run — is a
 * {@link BackgroundTask} run on its pool, and its ending comes back on the event dispatch thread.
 * Whoever wants the task seen hands the returned {@link RunningTask} to a {@link StatusBar}.
 */
public final class Background {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pgwb-background-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** A quiet job's work: a value produced off the EDT. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code task}'s work on the pool; its ending (done, failed, cancelled) runs on the EDT. Call on the EDT. */
    public <T> RunningTask submit(BackgroundTask<T> task) {
        RunningTask running = new RunningTask(task.title(), task.total());
        running.started(pool.submit(() -> {
            T value = null;
            Throwable error = null;
            try {
                value = task.work(running);
            } catch (Throwable e) {
                error = e;
            }
            T v = value;
            Throwable err = error;
            SwingUtilities.invokeLater(() -> task.finish(running, v, err));
        }));
        return running;
    }

    /** A quiet job (a relay starting, a certificate written): {@code done} or {@code failed} on the EDT. */
    public <T> RunningTask run(Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        return submit(BackgroundTask.<T>of(null, task -> work.run()).onDone(done).onFailed(failed));
    }

    public void shutdown() {
        pool.shutdownNow();
    }
}
