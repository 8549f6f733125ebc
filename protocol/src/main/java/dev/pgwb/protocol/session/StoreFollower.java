package dev.pgwb.protocol.session;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Follows a session store from its first frame on one worker thread of its own: the batches
 * {@link SessionStore#subscribe} delivers (a file's frames, then a live session's as they come) go
 * to {@code ingest} in order. At most a few batches wait for the worker, so a large file is read as
 * fast as it is ingested, not into memory. Other work that must not race the ingest (a new filter)
 * runs on the same thread through {@link #run}. The session's analysis follows its store this way
 * (and so every view that reads it).
 */
public final class StoreFollower implements AutoCloseable {
    private final SessionStore store;
    private final Consumer<List<RecordedFrame>> ingest;
    private final ExecutorService worker;
    private final Semaphore backlog = new Semaphore(4);
    private Subscription subscription;
    private volatile boolean closed;

    public StoreFollower(SessionStore store, String threadName, Consumer<List<RecordedFrame>> ingest) {
        this.store = store;
        this.ingest = ingest;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following the store from its first frame. */
    public void start() {
        subscription = store.subscribe(0, batch -> {
            if (closed) {
                return;
            }
            try {
                backlog.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!run(() -> {
                try {
                    if (!closed) {
                        ingest.accept(batch);
                    }
                } finally {
                    backlog.release();
                }
            })) {
                backlog.release();
            }
        });
    }

    /** Runs {@code task} on the worker after the batches already handed to it; false once closed. */
    public boolean run(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // closed meanwhile
        }
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        worker.shutdownNow();
    }
}
