package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.session.StreamRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the PostgreSQL connections of a pcap or pcapng capture into a session: each TCP
 * connection that carries the protocol becomes a connection of the {@link SessionStore}, its
 * bytes cut into frames by the same {@link StreamRecorder} (and so the same framer) the relay
 * records with, stamped with the capture's times. Everything the session's analysis does then
 * works on it.
 *
 * <p>The file is read packet by packet ({@link PacketSource}: hand-written pure-Java pcap and
 * pcapng readers, since the Java pcap libraries need the native libpcap); memory stays bounded
 * whatever the capture's size: per TCP direction at most 4 MiB of early segments and, before a
 * connection is recognised, 256 KiB.
 *
 * <p>What is PostgreSQL: any connection to one of {@link Options#ports()} (5432 when none is
 * given), and on any other port a connection whose client starts with a StartupMessage,
 * SSLRequest, GSSENCRequest or CancelRequest, or, for connections the capture joined late, whose
 * two directions both read as chains of plausible {@code type + length} messages.
 */
public final class CaptureImport {

    /**
     * @param ports            server ports whose traffic is PostgreSQL whatever it looks like; empty: 5432
     * @param detectByContent  also recognise PostgreSQL on other ports by its bytes
     */
    public record Options(Set<Integer> ports, boolean detectByContent) {
        public Options {
            ports = Set.copyOf(ports);
        }

        public static Options defaults() {
            return new Options(Set.of(), true);
        }

        public Options withPorts(Set<Integer> p) {
            return new Options(p, detectByContent);
        }

        Set<Integer> serverPorts() {
            return ports.isEmpty() ? Set.of(5432) : ports;
        }
    }

    /**
     * @param connections    PostgreSQL connections added to the session
     * @param frames         frames appended
     * @param packets        packets read from the file
     * @param skippedPackets packets that gave no TCP segment (other protocols, fragments, damaged blocks)
     * @param notes          what the reader and the reassembly noticed, one sentence each
     */
    public record Result(int connections, long frames, long packets, long skippedPackets, List<String> notes) {
    }

    /** Past this many tracked TCP connections, finished ones are forgotten (their stragglers would look like new connections). */
    private static final int MAX_TRACKED = 20_000;
    /** The result lists at most this many notes (a capture with a gap in every connection would list thousands). */
    private static final int MAX_NOTES = 200;
    private static final long PROGRESS_STEP = 1 << 20;

    private CaptureImport() {
    }

    /** True when {@code file} starts like a pcap (any of its four magic numbers) or a pcapng file. */
    public static boolean looksLikeCapture(Path file) {
        return PacketSource.looksLikeCapture(file);
    }

    /**
     * Reads {@code capture} and appends its PostgreSQL connections to {@code store}.
     *
     * @throws CaptureException when the file is not a capture or its header is damaged (a damaged
     *                          or cut tail is a note in the result, not an exception)
     */
    public static Result importInto(Path capture, SessionStore store, Options options) throws IOException {
        return importInto(capture, store, options, (read, size) -> true);
    }

    /** Told how far an import has read, about every mebibyte (for a progress bar); returns false to stop it. */
    @FunctionalInterface
    public interface Progress {
        boolean at(long bytesRead, long fileSize);
    }

    /**
     * {@link #importInto(Path, SessionStore, Options)} reporting its progress. When {@code progress}
     * returns false the import stops with an {@link java.io.InterruptedIOException}; what was
     * imported so far stays in the store, its open connections closed as "import stopped". (Stop it this
     * way rather than by interrupting the thread: an interrupt closes the session file's channel.)
     */
    public static Result importInto(Path capture, SessionStore store, Options options, Progress progress) throws IOException {
        long fileSize = java.nio.file.Files.size(capture);
        long[] position = new long[1];
        long reported = 0;
        long framesBefore = store.frameCount();
        String fileName = capture.getFileName().toString();
        StreamRecorder recorder = new StreamRecorder(store);
        Map<TcpConnection.Key, TcpConnection> live = new LinkedHashMap<>();
        Map<String, long[]> skipped = new LinkedHashMap<>(); // reason -> {count, first packet}
        List<String> notes = new ArrayList<>();
        long packets = 0;
        long skippedPackets = 0;
        long lastTime = 0;
        int trackLimit = MAX_TRACKED;
        TcpConnection.Context ctx = new TcpConnection.Context(recorder, options, fileName, notes);
        try (PacketSource source = PacketSource.open(capture, position)) {
            CapturedPacket p;
            while ((p = next(source, fileName)) != null) {
                packets++;
                if (position[0] - reported >= PROGRESS_STEP) {
                    reported = position[0];
                    if (!progress.at(reported, fileSize)) {
                        for (TcpConnection c : live.values()) {
                            c.stopped(lastTime);
                        }
                        store.flush();
                        throw new java.io.InterruptedIOException("import of " + fileName + " stopped after "
                                + reported + " of " + fileSize + " bytes");
                    }
                }
                lastTime = Math.max(lastTime, p.timeNanos());
                PacketParser.Parsed parsed = PacketParser.parse(p);
                if (parsed.segment() == null) {
                    skippedPackets++;
                    long[] c = skipped.computeIfAbsent(parsed.skipReason(), k -> new long[] {0, 0});
                    if (c[0]++ == 0) {
                        c[1] = p.number();
                    }
                    continue;
                }
                TcpSegment s = parsed.segment();
                TcpConnection.Key key = TcpConnection.Key.of(s);
                TcpConnection c = live.get(key);
                if (c != null && s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK) && c.startedAgainBy(s)) {
                    c.reused(s.timeNanos());
                    live.remove(key);
                    c = null;
                }
                if (c == null) {
                    if (live.size() >= trackLimit) {
                        forgetFinished(live);
                        trackLimit = Math.max(MAX_TRACKED, live.size() * 2); // many open at once: scan seldom
                    }
                    c = new TcpConnection(s, ctx);
                    live.put(key, c);
                }
                c.segment(s, p.interfaceName());
            }
            for (TcpConnection c : live.values()) {
                c.captureEnded(lastTime);
            }
            notes.addAll(source.notes());
            progress.at(position[0], fileSize);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Map.Entry<String, long[]> e : skipped.entrySet()) {
            if (!e.getKey().equals("not TCP")) {
                notes.add(e.getValue()[0] + " packet(s) skipped: " + e.getKey() + " (first: packet " + e.getValue()[1] + ")");
            }
        }
        store.flush();
        List<String> kept = notes.size() <= MAX_NOTES ? notes : new ArrayList<>(notes.subList(0, MAX_NOTES));
        if (notes.size() > MAX_NOTES) {
            kept.add((notes.size() - MAX_NOTES) + " more note(s) left out; the connections' notes have them");
        }
        return new Result(ctx.connections, store.frameCount() - framesBefore, packets, skippedPackets, List.copyOf(kept));
    }

    private static CapturedPacket next(PacketSource source, String fileName) throws IOException {
        try {
            return source.next();
        } catch (CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureException(fileName + ": " + e.getMessage());
        }
    }

    private static void forgetFinished(Map<TcpConnection.Key, TcpConnection> live) {
        for (Iterator<TcpConnection> it = live.values().iterator(); it.hasNext(); ) {
            if (it.next().finished()) {
                it.remove();
            }
        }
    }

    static String hostPort(java.net.InetAddress a, int port) {
        String host = a.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

}
