package dev.pgwb.protocol.session;

import java.util.List;
import java.util.function.Consumer;

/** A live reader of a {@link SessionStore}: gets every new frame, in order, in batches, on its own thread. */
public final class Subscription implements AutoCloseable {
    static final int MAX_BATCH = 4096;

    private final SessionStore store;
    private final Consumer<List<RecordedFrame>> consumer;
    private final Thread thread;
    private volatile boolean cancelled;
    private volatile long cursor;

    Subscription(SessionStore store, long from, Consumer<List<RecordedFrame>> consumer) {
        this.store = store;
        this.cursor = from;
        this.consumer = consumer;
        this.thread = Thread.ofPlatform().daemon().name("pgwb-session-subscriber").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Index of the next frame this subscriber will get. */
    public long position() {
        return cursor;
    }

    /** Waits until every frame before {@code index} was delivered; false on timeout. */
    public synchronized boolean awaitDelivered(long index, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (cursor < index) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || !thread.isAlive()) {
                return cursor >= index;
            }
            wait(Math.min(left, 100));
        }
        return true;
    }

    private void run() {
        try {
            long seenEvents = -1;
            while (!cancelled) {
                long available = store.awaitBeyond(cursor, 500);
                if (cancelled) {
                    return;
                }
                long events = store.connectionEvents();
                if (available > cursor) {
                    long end = Math.min(available, cursor + MAX_BATCH);
                    consumer.accept(store.frames(cursor, end));
                    seenEvents = events;
                    synchronized (this) {
                        cursor = end;
                        notifyAll();
                    }
                } else if (events != seenEvents) {
                    seenEvents = events; // a connection opened or closed without a frame: an empty batch says so
                    consumer.accept(List.of());
                } else if (store.isClosed()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.unsubscribe(this);
        }
    }

    void awaitEnd() {
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        cancelled = true;
        // No interrupt: an interrupt during FileChannel I/O would close the session file for everyone.
        store.wakeUp();
        awaitEnd();
    }
}
