package dev.pgwb.protocol.session;

import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.session.RecordedFrame.Origin;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.Framer;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;

/**
 * Turns byte chunks into recorded frames, on one thread of its own, so that whoever hands them
 * over (the relay's pumps, the composer's wire client) never waits for framing or disk. Owns every connection's {@link Framer}.
 * Also links a CancelRequest to the connection whose BackendKeyData it names.
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

    private record CancelKey(int pid, Bytes key) {
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
    private final Map<Integer, Framer> framers = new HashMap<>();
    private final Map<CancelKey, Integer> keys = new HashMap<>();
    private final java.util.Set<Integer> plusRemoved = new java.util.HashSet<>();
    private final Thread thread;
    private volatile Throwable failure;

    public Recorder(SessionStore store) {
        this.store = store;
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
        return failure;
    }

    // ------------------------------------------------------------ the recorder thread

    private void run() {
        int idlePolls = 0;
        try {
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
                handle(e);
            }
        } catch (RuntimeException e) {
            failure = e; // the relay reports it; forwarding goes on regardless
            drainMarkers();
        }
    }

    private void drainMarkers() {
        for (Event e; (e = queue.poll()) != null; ) {
            if (e instanceof Marker m) {
                m.latch.countDown();
            }
        }
    }

    private void handle(Event e) {
        switch (e) {
            case Chunk c -> {
                Framer f = framers.computeIfAbsent(c.conn, k -> new Framer());
                f.feed(c.dir, c.bytes, 0, c.bytes.length, c.time, frame -> {
                    store.append(c.conn, frame, c.origin);
                    inspect(c.conn, frame);
                });
            }
            case Side s -> {
                Framer f = framers.computeIfAbsent(s.conn, k -> new Framer());
                store.append(s.conn, f.sideFrame(s.dir, FrameKind.TYPED, s.bytes, s.time), s.origin);
                plusRemoved.add(s.conn);
            }
            case TlsTerminated t -> framers.computeIfAbsent(t.conn, k -> new Framer()).tlsTerminated();
            case Note n -> store.noteConnection(n.conn, n.time, n.text);
            case Closed c -> {
                Framer f = framers.remove(c.conn);
                if (f != null) {
                    for (Direction d : Direction.values()) {
                        f.finish(d, c.time, frame -> store.append(c.conn, frame, Origin.FORWARDED));
                    }
                }
                keys.values().removeIf(id -> id == c.conn);
                plusRemoved.remove(c.conn);
                store.closeConnection(c.conn, c.time, c.reason);
            }
            case Marker m -> m.latch.countDown();
            case Stop s -> { }
        }
    }

    /** Picks out the few facts the session keeps about a connection: who it is, and its cancel key. */
    private void inspect(int conn, Frame frame) {
        byte[] b = frame.bytes();
        if (frame.kind() == FrameKind.UNTYPED && b.length >= 8) {
            int code = ByteBuffer.wrap(b, 4, 4).getInt();
            if (code == StartupCodes.CANCEL_REQUEST && b.length >= 12) {
                int pid = ByteBuffer.wrap(b, 8, 4).getInt();
                Integer target = keys.get(new CancelKey(pid, Bytes.of(b, 12, b.length - 12)));
                if (target != null) {
                    store.noteConnection(conn, frame.timeNanos(), "CancelRequest for connection " + target + " (process " + pid + ")");
                    store.noteConnection(target, frame.timeNanos(), "cancelled by connection " + conn);
                } else {
                    store.noteConnection(conn, frame.timeNanos(), "CancelRequest for process " + pid
                            + ", which no recorded connection announced");
                }
            } else if (code != StartupCodes.SSL_REQUEST && code != StartupCodes.GSSENC_REQUEST && code != StartupCodes.CANCEL_REQUEST) {
                startup(conn, b);
            }
        } else if (frame.kind() == FrameKind.TYPED && frame.direction() == Direction.BACKEND && b[0] == 'K' && b.length >= 9) {
            keys.put(new CancelKey(ByteBuffer.wrap(b, 5, 4).getInt(), Bytes.of(b, 9, b.length - 9)), conn);
        } else if (frame.kind() == FrameKind.TYPED && frame.direction() == Direction.FRONTEND && b[0] == 'p'
                && plusRemoved.contains(conn) && indexOfZero(b, 5) > 0) {
            int mechEnd = indexOfZero(b, 5);
            if (b.length > mechEnd + 6 && b[mechEnd + 5] == 'y' && b[mechEnd + 6] == ',') {
                // The client can do channel binding but no longer sees -PLUS; a server on TLS takes that for a downgrade.
                store.noteConnection(conn, frame.timeNanos(), "SCRAM cannot pass a TLS-terminating relay when the server is on TLS "
                        + "and the client supports channel binding (it sent 'y'): the server will refuse. Use --upstream-tls disable, "
                        + "or channel_binding=disable (pgJDBC: channelBinding=disable) in the client");
            }
        } else if (frame.kind() == FrameKind.TYPED && frame.direction() == Direction.BACKEND && b[0] == 'S') {
            // pgJDBC names itself with SET application_name after startup; the server reports it here
            int nameEnd = indexOfZero(b, 5);
            int valueEnd = nameEnd < 0 ? -1 : indexOfZero(b, nameEnd + 1);
            if (valueEnd > 0 && new String(b, 5, nameEnd - 5, StandardCharsets.UTF_8).equals("application_name")) {
                String app = new String(b, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8);
                ConnectionInfo info = store.connection(conn);
                if (!app.equals(info.applicationName())) {
                    store.setStartup(conn, info.user(), info.database(), app);
                }
            }
        }
    }

    private void startup(int conn, byte[] b) {
        Map<String, String> params = new HashMap<>();
        int p = 8;
        while (p < b.length && b[p] != 0) {
            int nameEnd = indexOfZero(b, p);
            int valueEnd = nameEnd < 0 ? -1 : indexOfZero(b, nameEnd + 1);
            if (valueEnd < 0) {
                break;
            }
            params.put(new String(b, p, nameEnd - p, StandardCharsets.UTF_8), new String(b, nameEnd + 1, valueEnd - nameEnd - 1,
                    StandardCharsets.UTF_8));
            p = valueEnd + 1;
        }
        store.setStartup(conn, params.getOrDefault("user", ""), params.getOrDefault("database", ""),
                params.getOrDefault("application_name", ""));
    }

    private static int indexOfZero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        queue.add(new Stop());
        LockSupport.unpark(thread);
        thread.join(10_000);
    }
}
