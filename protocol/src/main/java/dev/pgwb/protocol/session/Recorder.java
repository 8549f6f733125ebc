package dev.pgwb.protocol.session;

import dev.pgwb.protocol.session.RecordedFrame.Origin;
import dev.pgwb.protocol.wire.Direction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns byte chunks into recorded frames, on one thread of its own, so that whoever hands them
 * over (the relay's pumps, the composer's wire client) never waits for framing or disk. The framing
 * and the facts picked up on the way are the {@link StreamRecorder}'s, which a capture import drives
 * directly.
 */
public final class Recorder implements AutoCloseable {

    private sealed interface Event permits Chunk, Side, TlsTerminated, Closed, Note, Marker, Stop {
    }

    private record Chunk(int conn, Direction dir, byte[] bytes, long time, Origin origin) implements Event {
    }

    /** Bytes recorded beside the stream (a rewrite's original), not fed to the framer. */
    private record Side(int conn, Direction dir, byte[] bytes, long time, Origin origin) implements Event {
    }

    private record TlsTerminated(int conn) implements Event {
    }

    private record Closed(int conn, long time, String reason) implements Event {
    }

    private record Note(int conn, long time, String text) implements Event {
    }

    private record Marker(CountDownLatch latch) implements Event {
    }

    private record Stop() implements Event {
    }

    private final SessionStore store;
    /**
     * Lock-free, and the pumps never wake the recorder: it drains on its own, every millisecond
     * while traffic flows and every 50 ms once idle. A pump's hand-over is one copy and one CAS, no
     * system call, which keeps a relayed round trip close to a direct one; recording lags by at
     * most that much, forwarding not at all.
     */
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private static final long IDLE_PARK_NANOS = 1_000_000L;
    /** After this many empty polls (about a quarter second) the recorder looks only every 50 ms. */
    private static final int IDLE_POLLS_BEFORE_BACKOFF = 250;
    private static final long BACKOFF_PARK_NANOS = 50_000_000L;
    private final StreamRecorder recording;
    private final Thread thread;
    private final FirstFailure<Throwable> failure = new FirstFailure<>();

    public Recorder(SessionStore store) {
        this.store = store;
        this.recording = new StreamRecorder(store);
        store.onWriteFailure(failure::set); // the background flush meets a full disk first, often before any writer does
        this.thread = Thread.ofPlatform().name("pgwb-recorder").daemon().start(this::run);
    }

    // ------------------------------------------------------------ called by pump/client threads: never block

    public void forwarded(int conn, Direction dir, byte[] buf, int len, long time) {
        queue.add(new Chunk(conn, dir, java.util.Arrays.copyOf(buf, len), time, Origin.FORWARDED));
    }

    /** Whole frames the relay handled itself: consumed, generated, or the rewritten version of a message. */
    public void special(int conn, Direction dir, byte[] frame, long time, Origin origin) {
        queue.add(new Chunk(conn, dir, frame.clone(), time, origin));
    }

    public void rewriteOriginal(int conn, Direction dir, byte[] frame, long time) {
        queue.add(new Side(conn, dir, frame.clone(), time, Origin.REWRITE_ORIGINAL));
    }

    public void tlsTerminated(int conn) {
        queue.add(new TlsTerminated(conn));
    }

    public void note(int conn, String text) {
        queue.add(new Note(conn, Clock.nanos(), text));
    }

    public void closed(int conn, String reason) {
        queue.add(new Closed(conn, Clock.nanos(), reason));
    }

    /** Waits until everything handed over so far is in the store. */
    public boolean sync(long timeoutMillis) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        queue.add(new Marker(latch));
        LockSupport.unpark(thread);
        return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public Throwable failure() {
        return failure.get();
    }

    /**
     * Tells {@code listener} once when recording fails (the store cannot write, or recording a chunk
     * broke), on the thread that found it: at once when it failed already. From then on what is handed
     * over is dropped; whoever hands it over is never stopped.
     */
    public void onFailure(Consumer<Throwable> listener) {
        failure.listen(listener);
    }

    // ------------------------------------------------------------ the recorder thread

    private void run() {
        int idlePolls = 0;
        while (true) {
            Event e = queue.poll();
            if (e == null) {
                // Busy: look again within a millisecond. Idle for a while: back off, so an idle
                // relay costs next to nothing (sync and close unpark the thread at once anyway).
                LockSupport.parkNanos(this, idlePolls++ < IDLE_POLLS_BEFORE_BACKOFF ? IDLE_PARK_NANOS : BACKOFF_PARK_NANOS);
                if (Thread.interrupted()) {
                    return;
                }
                continue;
            }
            idlePolls = 0;
            if (e instanceof Stop) {
                return;
            }
            if (failure.get() != null && !(e instanceof Marker)) {
                continue; // dropped, so that the queue does not grow while forwarding goes on
            }
            try {
                handle(e);
            } catch (RuntimeException x) {
                failure.set(x); // the relay reports it; forwarding goes on regardless
            }
        }
    }

    private void handle(Event e) {
        switch (e) {
            case Chunk c -> recording.chunk(c.conn, c.dir, c.bytes, 0, c.bytes.length, c.time, c.origin);
            case Side s -> recording.side(s.conn, s.dir, s.bytes, s.time, s.origin);
            case TlsTerminated t -> recording.tlsTerminated(t.conn);
            case Note n -> recording.note(n.conn, n.time, n.text);
            case Closed c -> recording.closed(c.conn, c.time, c.reason);
            case Marker m -> m.latch.countDown();
            case Stop s -> { }
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.add(new Stop());
        LockSupport.unpark(thread);
        thread.join(10_000);
    }
}
