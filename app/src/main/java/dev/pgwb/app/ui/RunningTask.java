package dev.pgwb.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A task under way, shared by its work and the window: the work reports progress ({@link #setTotal},
 * {@link #setDone}) and reads {@link #isCancelled}; the window reads the progress, asks to
 * {@link #cancel} and is told when it {@link #whenEnded ended}. Progress and the cancel request are
 * thread-safe; the rest belongs to the EDT.
 */
public final class RunningTask {
    private final String title;
    private final AtomicLong total;
    private final AtomicLong done = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Future<?> work;

    // EDT-confined
    private final List<Runnable> onCancel = new ArrayList<>();
    private final List<Runnable> onEnd = new ArrayList<>();
    private boolean ended;

    RunningTask(String title, long total) {
        this.title = title;
        this.total = new AtomicLong(total);
    }

    /**
     * A task whose work runs elsewhere (the timeline's index filling up after an open): the window
     * reports its progress and ends it; cancelling it runs {@code cancel} on the EDT.
     */
    public static RunningTask following(String title, long total, Runnable cancel) {
        RunningTask t = new RunningTask(title, total);
        t.onCancel.add(cancel);
        t.onCancel.add(t::end);
        return t;
    }

    public String title() {
        return title;
    }

    // ------------------------------------------------------------------ the work's side (any thread)

    /** The amount of work; negative: not known (an indeterminate bar). */
    public void setTotal(long amount) {
        total.set(amount);
    }

    public void setDone(long amount) {
        done.set(amount);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Ends the work with a {@link CancellationException} once the task was cancelled. */
    public void checkCancelled() {
        if (cancelled) {
            throw new CancellationException();
        }
    }

    public long total() {
        return total.get();
    }

    public long done() {
        return done.get();
    }

    // ------------------------------------------------------------------ the window's side (EDT)

    /** Asks the work to stop (it stops at its next check); the task then ends as cancelled. */
    public void cancel() {
        if (ended || cancelled) {
            return;
        }
        cancelled = true;
        for (Runnable r : List.copyOf(onCancel)) {
            r.run();
        }
    }

    /** Runs {@code r} on the EDT once the task has ended (at once when it already has). */
    public void whenEnded(Runnable r) {
        if (ended) {
            r.run();
        } else {
            onEnd.add(r);
        }
    }

    public boolean ended() {
        return ended;
    }

    /** The task is over (its ending ran); those watching it are told. Called once, on the EDT; more calls do nothing. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        for (Runnable r : List.copyOf(onEnd)) {
            r.run();
        }
        onEnd.clear();
        onCancel.clear();
    }

    void started(Future<?> f) {
        work = f;
    }

    /**
     * Off the EDT: waits up to {@code millis} for the work to return (its ending on the EDT may
     * still be pending); true when it did.
     */
    public boolean awaitWork(long millis) throws InterruptedException {
        Future<?> f = work;
        if (f == null) {
            return true;
        }
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
