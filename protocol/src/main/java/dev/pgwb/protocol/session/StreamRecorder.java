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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Cuts each connection's byte chunks into frames and appends them to a {@link SessionStore},
 * picking up on the way the few facts the session keeps about a connection (user, database and
 * application name from the startup, which connection a CancelRequest targets). Synchronous and
 * single-threaded: the relay's {@link Recorder} drives it from its own thread; a capture import
 * drives it directly, with the capture's timestamps. Owns every connection's {@link Framer}.
 */
public final class StreamRecorder {

    private record CancelKey(int pid, Bytes key) {
    }

    private final SessionStore store;
    private final Map<Integer, Framer> framers = new HashMap<>();
    private final Map<CancelKey, Integer> keys = new HashMap<>();
    private final Set<Integer> plusRemoved = new HashSet<>();

    public StreamRecorder(SessionStore store) {
        this.store = store;
    }

    public SessionStore store() {
        return store;
    }

    /**
     * Frames connection {@code conn} with {@code framer} instead of a fresh one (e.g. a
     * {@link Framer#resyncing()} framer for a capture that starts mid-connection). Call before its first chunk.
     */
    public void useFramer(int conn, Framer framer) {
        framers.put(conn, framer);
    }

    /** Bytes that crossed the wire in {@code dir}: framed, and every completed frame appended. */
    public void chunk(int conn, Direction dir, byte[] bytes, int off, int len, long time, Origin origin) {
        framer(conn).feed(dir, bytes, off, len, time, frame -> {
            store.append(conn, frame, origin);
            inspect(conn, frame);
        });
    }

    /** Bytes recorded beside the stream (a rewrite's original), not fed to the framer. */
    public void side(int conn, Direction dir, byte[] bytes, long time, Origin origin) {
        store.append(conn, framer(conn).sideFrame(dir, FrameKind.TYPED, bytes, time), origin);
        plusRemoved.add(conn);
    }

    /**
     * {@code missing} bytes of {@code dir} never reached the recording (a capture lost them): the
     * held partial frame is kept as RAW and framing resumes at the next plausible message.
     */
    public void gap(int conn, Direction dir, long missing, long time) {
        framer(conn).gap(dir, missing, time, frame -> store.append(conn, frame, Origin.FORWARDED));
    }

    public void tlsTerminated(int conn) {
        framer(conn).tlsTerminated();
    }

    public void note(int conn, long time, String text) {
        store.noteConnection(conn, time, text);
    }

    /** The connection ended: incomplete tails are appended as RAW frames, then the close. */
    public void closed(int conn, long time, String reason) {
        Framer f = framers.remove(conn);
        if (f != null) {
            for (Direction d : Direction.values()) {
                f.finish(d, time, frame -> store.append(conn, frame, Origin.FORWARDED));
            }
        }
        keys.values().removeIf(id -> id == conn);
        plusRemoved.remove(conn);
        store.closeConnection(conn, time, reason);
    }

    private Framer framer(int conn) {
        return framers.computeIfAbsent(conn, k -> new Framer());
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

}
