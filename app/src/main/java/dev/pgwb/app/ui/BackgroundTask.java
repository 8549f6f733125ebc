package dev.pgwb.app.ui;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A long job for {@link Background}: its title (what the status line says while it runs), its work
 * off the event dispatch thread, and what happens on the EDT when it ends: done with its value,
 * failed, or cancelled. The work reports its progress and reads the cancel request through the
 * {@link RunningTask} it is given; it never touches a component or a field the EDT reads.
 *
 * <pre>{@code
 * background.submit(BackgroundTask.of(Texts.get("status.saving", name), task -> copy(store, target, task))
 *         .total(size)
 *         .onDone(p -> status.outcome(Texts.get("status.saved", p), null))
 *         .onCancelled(p -> status.outcome(Texts.get("status.cancelled"), null)));
 * }</pre>
 */
public final class BackgroundTask<T> {
    /** What runs off the EDT: reports progress on {@code task}, stops early when it is cancelled. */
    @FunctionalInterface
    public interface Work<T> {
        T run(RunningTask task) throws Exception;
    }

    private final String title;
    private final Work<T> work;
    private long total = -1;
    private Consumer<T> done = v -> { };
    private Consumer<Throwable> failed = BackgroundTask::unexpected;
    private Consumer<T> cancelled = v -> { };

    private BackgroundTask(String title, Work<T> work) {
        this.title = title;
        this.work = work;
    }

    /** A task called {@code title} (null: a quiet job nobody shows) doing {@code work}. */
    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    /** The amount of work known from the start (bytes, frames, thousandths); unset: indeterminate. */
    public BackgroundTask<T> total(long amount) {
        total = amount;
        return this;
    }

    /** On the EDT with the work's value, unless the task was cancelled. */
    public BackgroundTask<T> onDone(Consumer<T> c) {
        done = c;
        return this;
    }

    /** On the EDT when the work threw (and was not cancelled). */
    public BackgroundTask<T> onFailed(Consumer<Throwable> c) {
        failed = c;
        return this;
    }

    /**
     * On the EDT when the task was cancelled: with the value the work produced anyway (to release,
     * e.g. a store opened before the cancel was seen), or null when it stopped without one.
     */
    public BackgroundTask<T> onCancelled(Consumer<T> c) {
        cancelled = c;
        return this;
    }

    String title() {
        return title;
    }

    long total() {
        return total;
    }

    T work(RunningTask task) throws Exception {
        return work.run(task);
    }

    /**
     * On the EDT: the task is over for whoever watches it (the status bar lets go of it), then one
     * of the three endings runs — so an ending may start the next task, or ask a question, freely.
     */
    void finish(RunningTask task, T value, Throwable error) {
        task.end();
        if (task.isCancelled() || error instanceof CancellationException) {
            cancelled.accept(value);
        } else if (error != null) {
            failed.accept(error);
        } else {
            done.accept(value);
        }
    }

    private static void unexpected(Throwable e) {
        System.getLogger("pgwb").log(System.Logger.Level.ERROR, "background task failed", e);
    }
}
