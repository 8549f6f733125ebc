package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.SecretBytes;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.StartupCodes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a recorded session as a pcapng capture that Wireshark opens and decodes as PostgreSQL:
 * each connection a TCP stream between its client and its server with synthetic but valid headers
 * (three-way handshake at the connection's open time, sequence and acknowledgement numbers, IPv4
 * header and TCP checksums, FIN/ACK at its close time), one packet per recorded frame at the frame's
 * own nanosecond timestamp (a message over {@value #MAX_SEGMENT} bytes is split into segments of that size).
 *
 * <p>Link type Ethernet with fixed locally administered MAC addresses: every capture tool reads it
 * (Wireshark, tcpdump, Zeek, scapy...), and one interface carries IPv4 and IPv6 packets side by side,
 * told apart by the EtherType. Raw IP (LINKTYPE_RAW) would save 14 bytes a packet but is the link
 * type older tools most often get wrong.
 *
 * <p>What the capture cannot say as bytes it says in packet comments (Wireshark shows them, and
 * {@code frame.comment} filters on them): who the connection is and the relay's notes (on the SYN),
 * frames the relay generated, consumed or rewrote, framing problems, and how it closed (on the FIN).
 * When the relay terminated the client's TLS, the recording holds the plaintext after the
 * SSLRequest and the relay's {@code 'S'}; Wireshark would take everything after that {@code 'S'} for
 * TLS, so that pair is left out of the TCP stream and described in a comment on the next packet.
 */
public final class SessionToPcapng {
    /** The largest TCP payload written: an IPv4 packet must stay under 65 535 bytes with its headers. */
    public static final int MAX_SEGMENT = 65_000;
    /** The port Wireshark decodes as PostgreSQL without being told. */
    public static final int POSTGRES_PORT = 5432;
    /** The receiver acknowledges at least this often, so the sender never looks stuck on a full window. */
    private static final long ACK_EVERY = 256 * 1024;
    /** Both sides announce window scale 14: a 1 GiB window, so the flow never looks window-limited. */
    private static final int WINDOW_SCALE = 14;
    private static final byte[] CLIENT_MAC = {0x02, 0x70, 0x67, 0x77, 0x62, 0x01};
    private static final byte[] SERVER_MAC = {0x02, 0x70, 0x67, 0x77, 0x62, 0x02};
    private static final Pattern HOST_PORT = Pattern.compile("^(?:\\[([^\\]]+)]|([^\\[\\]]*)):(\\d{1,5})$");

    /**
     * How to write.
     *
     * @param keepServerPort write the server's recorded port even when it is not 5432 (Wireshark then
     *                       needs "Decode As... PGSQL"); by default it is written as 5432
     * @param connections    the connections to write, or empty for all
     * @param revealSecrets  write passwords, SCRAM proofs and GSS tokens as recorded; by default they
     *                       are masked ({@link SecretBytes}) and a packet comment says so
     */
    public record Options(boolean keepServerPort, Set<Integer> connections, boolean revealSecrets) {
        public Options {
            connections = Set.copyOf(connections);
        }

        public static Options defaults() {
            return new Options(false, Set.of(), false);
        }

        public Options withKeepServerPort(boolean keep) {
            return new Options(keep, connections, revealSecrets);
        }

        public Options withConnections(Set<Integer> ids) {
            return new Options(keepServerPort, ids, revealSecrets);
        }

        public Options withRevealSecrets(boolean reveal) {
            return new Options(keepServerPort, connections, reveal);
        }

        boolean wants(int id) {
            return connections.isEmpty() || connections.contains(id);
        }
    }

    /**
     * What was written.
     *
     * @param connections connections written
     * @param frames      recorded frames written (in the stream, or in a comment for a left-out TLS request)
     * @param packets     packets written, handshakes and acknowledgements included
     * @param notes       what the reader should know (ports rewritten, addresses made up, frames left out)
     */
    public record Result(int connections, long frames, long packets, List<String> notes) {
    }

    private final SessionStore store;
    private final Options options;
    private final List<String> notes = new ArrayList<>();
    /** Decodes only authentication frames, to find the secrets to mask (see {@link #masked}). */
    private final SessionDecoder secrets = new SessionDecoder(false, false);

    private SessionToPcapng(SessionStore store, Options options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Writes {@code store} to {@code file} through a temporary sibling moved into place at the end,
     * so a failed or cancelled export leaves no half file. {@code progress} gets the frames done so
     * far (out of {@code store.frameCount()}); {@code cancelled} is asked between frames.
     */
    public static Result write(SessionStore store, Path file, Options options, LongConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try {
            Result r;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                r = write(store, out, options, progress, cancelled);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            return r;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes {@code store} as pcapng to {@code out} (left open). */
    public static Result write(SessionStore store, OutputStream out, Options options, LongConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        return new SessionToPcapng(store, options).run(out, progress, cancelled);
    }

    // ------------------------------------------------------------------ the two passes

    /** What the first pass learns of a connection: where its frames end, and frames to leave out of the stream. */
    private static final class Plan {
        long firstIndex = -1;
        long lastIndex = -1;
        long firstTime;
        long sslRequestIndex = -1;
        long sslAcceptIndex = -1;
        boolean awaitingAnswer;
        boolean decided;
        /** The recording starts inside the conversation (a capture joined late): no handshake to invent. */
        boolean midStream;
        final Set<Long> leftOut = new HashSet<>();
    }

    private Result run(OutputStream raw, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        long total = store.frameCount();
        List<ConnectionInfo> infos = store.connections().stream().filter(c -> options.wants(c.id())).toList();
        Map<Integer, Plan> plans = plan(total, cancelled);

        Map<Integer, TcpConversation> conversations = new HashMap<>();
        for (ConnectionInfo c : infos) {
            conversations.put(c.id(), new TcpConversation(c));
        }
        String section = "PostgreSQL wire protocol exported by PG Wire Workbench (pgwb) from "
                + (store.path() == null ? "a session" : store.path().getFileName()) + ": " + infos.size()
                + (infos.size() == 1 ? " connection" : " connections") + ", each one TCP stream with synthetic headers "
                + "and the recorded timestamps." + portNote(conversations.values());
        BufferedOutputStream buffered = new BufferedOutputStream(nonClosing(raw), 1 << 16);
        PcapngWriter w = new PcapngWriter(buffered, "pgwb", section);
        int iface = w.addInterface(PcapngWriter.LINKTYPE_ETHERNET, "pgwb",
                "pgwb export: TCP streams rebuilt from a recorded PostgreSQL session");

        // Handshakes and closes go where their times fall among the frames, so the file's packets stay in time order.
        Map<TcpConversation, Long> starts = new HashMap<>();
        for (ConnectionInfo c : infos) {
            Plan plan = plans.get(c.id());
            if (plan == null) {
                starts.put(conversations.get(c.id()), c.openedNanos());
            } else if (!plan.midStream) {
                starts.put(conversations.get(c.id()), c.openedNanos() > 0 ? Math.min(c.openedNanos(), plan.firstTime) : plan.firstTime);
            }
        }
        PriorityQueue<TcpConversation> opening = new PriorityQueue<>(Comparator.<TcpConversation>comparingLong(starts::get)
                .thenComparingInt(t -> t.info.id()));
        opening.addAll(starts.keySet());
        PriorityQueue<TcpConversation> closing = new PriorityQueue<>(Comparator.<TcpConversation>comparingLong(t -> t.closeTime)
                .thenComparingInt(t -> t.info.id()));
        Emitter emit = new Emitter(w, iface);

        long frames = 0;
        for (long from = 0; from < total; from += 4096) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            for (RecordedFrame rf : store.frames(from, Math.min(total, from + 4096))) {
                TcpConversation t = conversations.get(rf.connectionId());
                if (t == null) {
                    continue;
                }
                Plan plan = plans.get(rf.connectionId());
                long time = rf.frame().timeNanos();
                // opens and closes due by now, in time order between themselves
                while (true) {
                    boolean openDue = !opening.isEmpty() && (starts.get(opening.peek()) <= time || opening.peek() == t);
                    boolean closeDue = !closing.isEmpty() && closing.peek().closeTime <= time;
                    if (openDue && (!closeDue || starts.get(opening.peek()) <= closing.peek().closeTime)) {
                        open(opening.poll(), starts, plans, closing, emit);
                    } else if (closeDue) {
                        closing.poll().close(emit);
                    } else {
                        break;
                    }
                }
                if (!t.opened) {
                    if (plan.midStream) {
                        t.joinLate();
                    } else {
                        open(t, starts, plans, closing, emit);
                        opening.remove(t);
                    }
                }
                frames++;
                if (plan.leftOut.contains(rf.index())) {
                    t.leaveOut(rf);
                } else {
                    t.data(emit, options.revealSecrets() ? rf : masked(rf, t));
                }
                if (rf.index() == plan.lastIndex) {
                    t.scheduleClose(time);
                    if (t.closeTime >= 0) {
                        closing.add(t);
                    }
                }
            }
            progress.accept(Math.min(total, from + 4096));
        }
        while (!opening.isEmpty() || !closing.isEmpty()) {
            if (closing.isEmpty() || !opening.isEmpty() && starts.get(opening.peek()) <= closing.peek().closeTime) {
                open(opening.poll(), starts, plans, closing, emit);
            } else {
                closing.poll().close(emit);
            }
        }
        for (TcpConversation t : conversations.values()) {
            t.flushComments(emit); // a left-out frame with nothing after it: say so on a bare ACK
        }
        w.flush();
        buffered.flush();
        return new Result(infos.size(), frames, w.packetCount(), List.copyOf(notes));
    }

    /**
     * {@code rf} with its secrets masked. Only what decides them is decoded: startup packets, the
     * server's authentication requests and the client's answers ('p' is a password, a SASL message or
     * a GSS token by what the server asked).
     */
    private RecordedFrame masked(RecordedFrame rf, TcpConversation t) {
        Frame f = rf.frame();
        boolean auth = f.kind() == FrameKind.UNTYPED
                || f.kind() == FrameKind.TYPED && f.bytes().length > 0
                && (f.bytes()[0] == 'R' && f.direction() == Direction.BACKEND || f.bytes()[0] == 'p' && f.direction() == Direction.FRONTEND);
        if (!auth) {
            return rf;
        }
        Decoded d = secrets.decode(rf);
        byte[] masked = f.bytes()[0] == 'p' ? SecretBytes.masked(d.message(), f.bytes()) : null;
        if (masked == null) {
            return rf;
        }
        t.pending.add("pgwb: secret in this " + d.typeName() + " masked (export with --reveal-secrets to keep it)");
        return new RecordedFrame(rf.index(), rf.connectionId(),
                new Frame(f.direction(), f.seq(), f.timeNanos(), f.streamOffset(), f.kind(), masked, f.problem()), rf.origin());
    }

    /** The handshake of {@code t}; a connection without frames is closed right after it (at its close time). */
    private static void open(TcpConversation t, Map<TcpConversation, Long> starts, Map<Integer, Plan> plans,
                             PriorityQueue<TcpConversation> closing, Emitter emit) throws IOException {
        if (t.opened) {
            return;
        }
        long at = starts.get(t);
        t.open(emit, at);
        if (!plans.containsKey(t.info.id())) {
            t.scheduleClose(at);
            if (t.closeTime >= 0) {
                closing.add(t);
            }
        }
    }

    /** First pass: per connection its first and last frame, and an SSLRequest/'S' pair followed by plaintext. */
    private Map<Integer, Plan> plan(long total, BooleanSupplier cancelled) {
        Map<Integer, Plan> plans = new HashMap<>();
        for (long from = 0; from < total; from += 4096) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            for (RecordedFrame rf : store.frames(from, Math.min(total, from + 4096))) {
                if (!options.wants(rf.connectionId())) {
                    continue;
                }
                Plan p = plans.computeIfAbsent(rf.connectionId(), k -> new Plan());
                Frame f = rf.frame();
                if (p.firstIndex < 0) {
                    p.firstIndex = rf.index();
                    p.firstTime = f.timeNanos();
                    // every connection the relay or the composer records starts with an untyped packet or TLS
                    p.midStream = f.kind() == FrameKind.TYPED || f.kind() == FrameKind.RAW || f.kind() == FrameKind.MALFORMED;
                }
                p.lastIndex = rf.index();
                if (p.decided) {
                    continue;
                }
                if (p.sslAcceptIndex >= 0) {
                    // the first frame after the 'S': TLS records mean TLS on the wire (passthrough), anything else plaintext
                    if (f.kind() != FrameKind.TLS_RECORD) {
                        p.leftOut.add(p.sslRequestIndex);
                        p.leftOut.add(p.sslAcceptIndex);
                    }
                    p.decided = true;
                } else if (p.awaitingAnswer) {
                    if (f.direction() == Direction.BACKEND && f.kind() == FrameKind.SINGLE_BYTE && f.bytes()[0] == 'S') {
                        p.sslAcceptIndex = rf.index();
                    } else if (f.direction() == Direction.BACKEND) {
                        p.awaitingAnswer = false;
                        p.sslRequestIndex = -1;
                    }
                } else if (f.direction() == Direction.FRONTEND && f.kind() == FrameKind.UNTYPED && f.bytes().length == 8
                        && ByteBuffer.wrap(f.bytes(), 4, 4).getInt() == StartupCodes.SSL_REQUEST) {
                    p.sslRequestIndex = rf.index();
                    p.awaitingAnswer = true;
                }
            }
        }
        for (Map.Entry<Integer, Plan> e : plans.entrySet()) {
            if (!e.getValue().leftOut.isEmpty()) {
                notes.add("connection " + e.getKey() + ": the relay terminated the client's TLS; its SSLRequest and 'S' are "
                        + "described in a packet comment instead of the TCP stream, so Wireshark decodes the plaintext that follows");
            }
        }
        return plans;
    }

    private String portNote(java.util.Collection<TcpConversation> all) {
        StringBuilder s = new StringBuilder();
        for (TcpConversation t : all.stream().sorted(Comparator.comparingInt(t -> t.info.id())).toList()) {
            if (t.recordedServerPort != t.serverPort) {
                s.append(" Connection ").append(t.info.id()).append(": server port ").append(t.recordedServerPort)
                        .append(" written as ").append(t.serverPort).append('.');
            }
            if (t.madeUp != null) {
                s.append(" Connection ").append(t.info.id()).append(": ").append(t.madeUp).append('.');
            }
        }
        if (!s.isEmpty()) {
            notes.add(s.toString().trim());
        }
        return s.toString();
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    // ------------------------------------------------------------------ packets

    /** Builds Ethernet + IPv4/IPv6 + TCP packets with their checksums and hands them to the writer. */
    private static final class Emitter {
        private final PcapngWriter writer;
        private final int iface;
        private final byte[] buf = new byte[14 + 40 + 28 + MAX_SEGMENT];

        Emitter(PcapngWriter writer, int iface) {
            this.writer = writer;
            this.iface = iface;
        }

        void packet(TcpConversation t, boolean fromClient, long time, int flags, long seq, long ack, byte[] payload, int off, int len,
                    String comment) throws IOException {
            boolean v6 = t.clientAddress.length == 16;
            byte[] src = fromClient ? t.clientAddress : t.serverAddress;
            byte[] dst = fromClient ? t.serverAddress : t.clientAddress;
            boolean syn = (flags & SYN) != 0;
            int tcpHeader = syn ? 28 : 20;
            int ipHeader = v6 ? 40 : 20;
            ByteBuffer b = ByteBuffer.wrap(buf); // network byte order
            b.put(fromClient ? SERVER_MAC : CLIENT_MAC).put(fromClient ? CLIENT_MAC : SERVER_MAC);
            b.putShort((short) (v6 ? 0x86DD : 0x0800));
            int ipStart = b.position();
            if (v6) {
                b.putInt(0x6000_0000).putShort((short) (tcpHeader + len)).put((byte) 6).put((byte) 64).put(src).put(dst);
            } else {
                b.put((byte) 0x45).put((byte) 0).putShort((short) (ipHeader + tcpHeader + len))
                        .putShort((short) (fromClient ? t.clientIpId++ : t.serverIpId++)).putShort((short) 0x4000) // don't fragment
                        .put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
                b.putShort(ipStart + 10, (short) checksum(0, buf, ipStart, 20));
            }
            int tcpStart = b.position();
            b.putShort((short) (fromClient ? t.clientPort : t.serverPort)).putShort((short) (fromClient ? t.serverPort : t.clientPort));
            b.putInt((int) seq).putInt((flags & ACK) != 0 ? (int) ack : 0);
            b.putShort((short) (((tcpHeader / 4) << 12) | flags)).putShort((short) 0xFFFF).putShort((short) 0).putShort((short) 0);
            if (syn) {
                b.put((byte) 2).put((byte) 4).putShort((short) (v6 ? 65_476 : 65_495)); // MSS: what loopback announces
                b.put((byte) 1).put((byte) 3).put((byte) 3).put((byte) WINDOW_SCALE); // NOP, window scale
            }
            b.put(payload, off, len);
            int tcpLength = tcpHeader + len;
            long sum = 0;
            for (int i = 0; i < src.length; i += 2) {
                sum += ((src[i] & 0xff) << 8 | (src[i + 1] & 0xff)) + ((dst[i] & 0xff) << 8 | (dst[i + 1] & 0xff));
            }
            sum += 6 + tcpLength; // protocol and TCP length (IPv6's 32-bit length and next header sum the same)
            b.putShort(tcpStart + 16, (short) checksum(sum, buf, tcpStart, tcpLength));
            writer.packet(iface, time, buf, b.position(), comment);
        }

        /** The Internet checksum (RFC 1071) of {@code len} bytes added to a running {@code sum}. */
        private static int checksum(long sum, byte[] b, int off, int len) {
            int i = off;
            for (int end = off + (len & ~1); i < end; i += 2) {
                sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
            }
            if ((len & 1) != 0) {
                sum += (b[i] & 0xff) << 8;
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xffff) + (sum >>> 16);
            }
            return (int) (~sum & 0xffff);
        }
    }

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    /** One connection as a TCP stream: addresses, ports, both sides' next sequence numbers. */
    private final class TcpConversation {
        final ConnectionInfo info;
        byte[] clientAddress;
        byte[] serverAddress;
        final int clientPort;
        final int serverPort;
        final int recordedServerPort;
        String madeUp;
        long clientSeq;
        long serverSeq;
        long clientAcked; // the highest client byte the server has acknowledged
        long serverAcked;
        int clientIpId = 1;
        int serverIpId = 1;
        /** Per direction (ordinal), where the next frame's bytes should start in the recorded stream. */
        final long[] expectedOffset = new long[2];
        boolean opened;
        boolean closed;
        long closeTime = -1;
        long lastTime;
        final List<String> pending = new ArrayList<>();

        TcpConversation(ConnectionInfo info) {
            this.info = info;
            Endpoint client = endpoint(info.client(), false, info.id());
            Endpoint server = endpoint(info.upstream(), true, info.id());
            clientAddress = client.address;
            serverAddress = server.address;
            if (clientAddress.length != serverAddress.length) { // the relay bridged families: both as IPv6
                clientAddress = mapped(clientAddress);
                serverAddress = mapped(serverAddress);
            }
            clientPort = client.port;
            recordedServerPort = server.port;
            serverPort = options.keepServerPort() ? server.port : POSTGRES_PORT;
            List<String> m = new ArrayList<>();
            if (client.madeUp != null) {
                m.add("client " + client.madeUp);
            }
            if (server.madeUp != null) {
                m.add("server " + server.madeUp);
            }
            madeUp = m.isEmpty() ? null : String.join(", ", m);
            clientSeq = (info.id() * 0x9E37_79B1L) & 0xFFFF_FFFFL;
            serverSeq = (info.id() * 0x7F4A_7C15L + 0x1000) & 0xFFFF_FFFFL;
        }

        void open(Emitter e, long time) throws IOException {
            opened = true;
            lastTime = time;
            e.packet(this, true, time, SYN, clientSeq, 0, new byte[0], 0, 0, describe());
            clientSeq++;
            e.packet(this, false, time, SYN | ACK, serverSeq, clientSeq, new byte[0], 0, 0, null);
            serverSeq++;
            e.packet(this, true, time, ACK, clientSeq, serverSeq, new byte[0], 0, 0, null);
            clientAcked = clientSeq;
            serverAcked = serverSeq;
        }

        /**
         * A recording that begins mid-conversation gets no made-up handshake: the stream starts with
         * its first data, as in a capture that joined late, which is how Wireshark and a re-import take it.
         */
        void joinLate() {
            opened = true;
            clientSeq = (clientSeq + 1) & 0xFFFF_FFFFL;
            serverSeq = (serverSeq + 1) & 0xFFFF_FFFFL;
            clientAcked = clientSeq;
            serverAcked = serverSeq;
            pending.add(describe() + " (the recording starts mid-connection: no handshake)");
        }

        void data(Emitter e, RecordedFrame rf) throws IOException {
            Frame f = rf.frame();
            boolean fromClient = f.direction() == Direction.FRONTEND;
            String comment = comment(rf);
            byte[] bytes = f.bytes();
            long time = f.timeNanos();
            lastTime = Math.max(lastTime, time);
            boolean afterGap = false;
            if (rf.origin() != RecordedFrame.Origin.REWRITE_ORIGINAL) { // a rewrite's original sits beside the stream
                int d = f.direction().ordinal();
                long missing = f.streamOffset() - expectedOffset[d];
                if (missing > 0) {
                    // bytes the recording lacks (a gap in the capture it was imported from): the same hole in
                    // the sequence numbers, so Wireshark says "previous segment not captured" and a re-import sees the gap
                    if (fromClient) {
                        clientSeq = (clientSeq + missing) & 0xFFFF_FFFFL;
                    } else {
                        serverSeq = (serverSeq + missing) & 0xFFFF_FFFFL;
                    }
                    String gap = "pgwb: " + missing + " byte(s) of this direction are missing from the recording before this packet";
                    comment = comment == null ? gap : gap + "\n" + comment;
                    afterGap = true;
                }
                expectedOffset[d] = Math.max(expectedOffset[d], f.streamOffset() + bytes.length);
            }
            for (int off = 0; off < bytes.length; ) {
                int n = Math.min(MAX_SEGMENT, bytes.length - off);
                if (fromClient) {
                    e.packet(this, true, time, ACK | PSH, clientSeq, serverSeq, bytes, off, n, comment);
                    clientSeq = (clientSeq + n) & 0xFFFF_FFFFL;
                    serverAcked = serverSeq;
                    if (((clientSeq - clientAcked) & 0xFFFF_FFFFL) >= ACK_EVERY) {
                        e.packet(this, false, time, ACK, serverSeq, clientSeq, bytes, 0, 0, null);
                        clientAcked = clientSeq;
                    }
                } else {
                    e.packet(this, false, time, ACK | PSH, serverSeq, clientSeq, bytes, off, n, comment);
                    serverSeq = (serverSeq + n) & 0xFFFF_FFFFL;
                    clientAcked = clientSeq;
                    if (((serverSeq - serverAcked) & 0xFFFF_FFFFL) >= ACK_EVERY) {
                        e.packet(this, true, time, ACK, clientSeq, serverSeq, bytes, 0, 0, null);
                        serverAcked = serverSeq;
                    }
                }
                comment = null;
                off += n;
            }
            if (afterGap) {
                // the receiver acknowledges past the hole at once, as it did on the wire (only the capture lost
                // the bytes): readers that wait for the hole to fill learn it never will
                if (fromClient) {
                    e.packet(this, false, time, ACK, serverSeq, clientSeq, bytes, 0, 0, null);
                    clientAcked = clientSeq;
                } else {
                    e.packet(this, true, time, ACK, clientSeq, serverSeq, bytes, 0, 0, null);
                    serverAcked = serverSeq;
                }
            }
            clientSeq &= 0xFFFF_FFFFL;
            serverSeq &= 0xFFFF_FFFFL;
        }

        void leaveOut(RecordedFrame rf) {
            Frame f = rf.frame();
            int d = f.direction().ordinal();
            expectedOffset[d] = Math.max(expectedOffset[d], f.streamOffset() + f.bytes().length);
            String what = f.kind() == FrameKind.UNTYPED ? "SSLRequest" : "'" + (char) f.bytes()[0] + "' (TLS accepted)";
            pending.add("pgwb: " + (f.direction() == Direction.FRONTEND ? "client" : "relay") + " sent " + what + " at "
                    + Instant.ofEpochSecond(0, f.timeNanos()) + " [bytes " + hex(f.bytes()) + ", frame #" + f.seq()
                    + "]: left out of this TCP stream because the relay terminated the client's TLS; what follows is "
                    + "the plaintext it saw");
        }

        void flushComments(Emitter e) throws IOException {
            if (!pending.isEmpty()) {
                e.packet(this, true, lastTime, ACK, clientSeq, serverSeq, new byte[0], 0, 0, takeComments(null));
            }
        }

        private String takeComments(String more) {
            if (pending.isEmpty()) {
                return more;
            }
            List<String> all = new ArrayList<>(pending);
            pending.clear();
            if (more != null) {
                all.add(more);
            }
            return String.join("\n", all);
        }

        private String comment(RecordedFrame rf) {
            Frame f = rf.frame();
            List<String> parts = new ArrayList<>();
            switch (rf.origin()) {
                case FORWARDED -> { }
                case CONSUMED -> parts.add("pgwb: answered by the relay itself, not forwarded to the server");
                case GENERATED -> parts.add("pgwb: generated by the relay, not sent by the server");
                case REWRITE_ORIGINAL -> parts.add("pgwb: original bytes, rewritten by the relay (not forwarded as they are)");
                case REWRITTEN -> parts.add("pgwb: rewritten by the relay, forwarded instead of the original before it");
            }
            if (f.problem() != null) {
                parts.add("pgwb: " + f.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.problem());
            }
            return takeComments(parts.isEmpty() ? null : String.join("\n", parts));
        }

        /** Who the connection is: on its SYN, where Wireshark's packet list shows it. */
        private String describe() {
            StringBuilder s = new StringBuilder("pgwb connection ").append(info.id()).append(": client ").append(info.client())
                    .append(", server ").append(info.upstream());
            if (recordedServerPort != serverPort) {
                s.append(" (port ").append(recordedServerPort).append(" written as ").append(serverPort)
                        .append(" so that Wireshark decodes PostgreSQL)");
            }
            if (madeUp != null) {
                s.append("; ").append(madeUp);
            }
            if (!info.user().isEmpty()) {
                s.append("; user ").append(info.user());
            }
            if (!info.database().isEmpty()) {
                s.append(", database ").append(info.database());
            }
            if (!info.applicationName().isEmpty()) {
                s.append(", application ").append(info.applicationName());
            }
            if (!info.note().isEmpty()) {
                s.append("; ").append(info.note());
            }
            return s.toString();
        }

        void scheduleClose(long afterTime) {
            if (!info.isOpen()) {
                closeTime = Math.max(afterTime, info.closedNanos());
            }
        }

        /** FIN from the side that closed first (the client unless the reason names the server), then the peer's FIN and the last ACK. */
        void close(Emitter e) throws IOException {
            if (closed || !opened) {
                return;
            }
            closed = true;
            String reason = info.closeReason() == null ? "" : info.closeReason();
            boolean clientFirst = !reason.toLowerCase(java.util.Locale.ROOT).matches(".*\\b(upstream|server)\\b.*");
            String comment = takeComments("pgwb connection " + info.id() + " closed" + (reason.isEmpty() ? "" : ": " + reason));
            long t = closeTime;
            lastTime = Math.max(lastTime, t);
            byte[] none = new byte[0];
            if (clientFirst) {
                e.packet(this, true, t, FIN | ACK, clientSeq, serverSeq, none, 0, 0, comment);
                clientSeq = (clientSeq + 1) & 0xFFFF_FFFFL;
                e.packet(this, false, t, FIN | ACK, serverSeq, clientSeq, none, 0, 0, null);
                serverSeq = (serverSeq + 1) & 0xFFFF_FFFFL;
                e.packet(this, true, t, ACK, clientSeq, serverSeq, none, 0, 0, null);
            } else {
                e.packet(this, false, t, FIN | ACK, serverSeq, clientSeq, none, 0, 0, comment);
                serverSeq = (serverSeq + 1) & 0xFFFF_FFFFL;
                e.packet(this, true, t, FIN | ACK, clientSeq, serverSeq, none, 0, 0, null);
                clientSeq = (clientSeq + 1) & 0xFFFF_FFFFL;
                e.packet(this, false, t, ACK, serverSeq, clientSeq, none, 0, 0, null);
            }
        }
    }

    private record Endpoint(byte[] address, int port, String madeUp) {
    }

    /**
     * The address and port of a recorded {@code host:port} ({@code [v6]:port} for IPv6). A host name
     * is not looked up (an export must not depend on DNS): it gets a documentation address
     * (192.0.2.0/24, RFC 5737), said in the connection's comment; so does a Unix-domain socket.
     */
    private static Endpoint endpoint(String hostPort, boolean server, int id) {
        Matcher m = HOST_PORT.matcher(hostPort);
        String host = null;
        int port = -1;
        if (m.matches()) {
            host = m.group(1) != null ? m.group(1) : m.group(2);
            port = Integer.parseInt(m.group(3));
            if (port > 65535) {
                port = -1;
            }
        }
        byte[] literal = host == null ? null : literal(host);
        int fallbackPort = server ? POSTGRES_PORT : 40000 + (id % 20000);
        if (literal != null) {
            return new Endpoint(literal, port < 0 ? fallbackPort : port, null);
        }
        byte[] doc = {(byte) 192, 0, 2, (byte) (server ? 2 : 1)};
        return new Endpoint(doc, port < 0 ? fallbackPort : port, "\"" + hostPort + "\" written as "
                + (server ? "192.0.2.2" : "192.0.2.1") + ":" + (port < 0 ? fallbackPort : port));
    }

    private static byte[] literal(String host) {
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = host.contains(":") && host.matches("[0-9A-Fa-f:.]+(%[\\w.-]+)?");
        if (!v4 && !v6) {
            return null;
        }
        try {
            int zone = host.indexOf('%');
            return InetAddress.getByName(zone >= 0 ? host.substring(0, zone) : host).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mapped(byte[] a) {
        if (a.length == 16) {
            return a;
        }
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(a, 0, m, 12, 4);
        return m;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return s.toString();
    }
}
