package dev.pgwb.protocol.capture;

import static dev.pgwb.protocol.wire.BigEndian.int32;

import dev.pgwb.protocol.session.RecordedFrame.Origin;
import dev.pgwb.protocol.session.StreamRecorder;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Framer;
import dev.pgwb.protocol.wire.StartupCodes;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One TCP connection of a capture: its two {@link TcpHalfStream}s, whether it is PostgreSQL and
 * which side is the client, and, once it is, its bytes handed to the {@link StreamRecorder} as one
 * session connection. Until that is decided its bytes wait (at most {@value #MAX_UNDECIDED}).
 */
final class TcpConnection {

    /** What the import shares between connections. */
    static final class Context {
        final StreamRecorder recorder;
        final CaptureImport.Options options;
        final String fileName;
        final List<String> notes;
        int connections;

        Context(StreamRecorder recorder, CaptureImport.Options options, String fileName, List<String> notes) {
            this.recorder = recorder;
            this.options = options;
            this.fileName = fileName;
            this.notes = notes;
        }
    }

    /** The 4-tuple, the same whichever way a segment goes. */
    record Key(String low, String high) {
        static Key of(TcpSegment s) {
            String a = CaptureImport.hostPort(s.source(), s.sourcePort());
            String b = CaptureImport.hostPort(s.destination(), s.destinationPort());
            return a.compareTo(b) <= 0 ? new Key(a, b) : new Key(b, a);
        }
    }

    static final int MAX_UNDECIDED = 256 << 10;
    private static final int HEAD = PostgresRecognizer.HEAD;

    private enum State { UNDECIDED, POSTGRES, OTHER }

    private sealed interface Pending permits Data, Gap, Conflict {
    }

    private record Data(boolean fromA, byte[] bytes, long time) implements Pending {
    }

    private record Gap(boolean fromA, long offset, long missing, long time) implements Pending {
    }

    private record Conflict(boolean fromA, long offset, int length, long time) implements Pending {
    }

    private final Context ctx;
    private final java.util.Set<String> interfaces = new java.util.LinkedHashSet<>();
    private final InetAddress addressA;
    private final int portA;
    private final InetAddress addressB;
    private final int portB;
    private final long firstTime;
    private final TcpHalfStream fromA;
    private final TcpHalfStream fromB;
    private final Head headA = new Head();
    private final Head headB = new Head();
    private State state = State.UNDECIDED;
    private Boolean synFromA;
    private Long synSeqA;
    private Long synSeqB;
    private boolean clientIsA;
    private int conn;
    private final List<Pending> pending = new ArrayList<>();
    private long pendingBytes;
    private boolean finA;
    private boolean finB;
    private boolean finished;
    private Boolean firstFinFromA;
    private boolean tlsChecked;
    private int gaps;
    private long gapBytes;
    /** Gaps beyond this many per connection are summed up in one note at its end (each still marks its frames). */
    static final int GAP_NOTES = 20;

    /** The first bytes of one direction, for recognising the protocol; {@code clean} while no gap broke them. */
    private static final class Head {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean clean = true;

        void add(byte[] b, int off, int len) {
            int room = HEAD - bytes.size();
            if (room > 0) {
                bytes.write(b, off, Math.min(room, len));
            }
        }

        byte[] get() {
            return bytes.toByteArray();
        }

        int size() {
            return bytes.size();
        }
    }

    TcpConnection(TcpSegment first, Context ctx) {
        this.ctx = ctx;
        this.addressA = first.source();
        this.portA = first.sourcePort();
        this.addressB = first.destination();
        this.portB = first.destinationPort();
        this.firstTime = first.timeNanos();
        this.fromA = new TcpHalfStream(sink(true));
        this.fromB = new TcpHalfStream(sink(false));
    }

    boolean finished() {
        return finished;
    }

    void segment(TcpSegment s, String interfaceName) {
        if (finished) {
            return; // a straggler (retransmitted FIN, late ACK) after the end
        }
        if (!interfaceName.isEmpty() && interfaces.add(interfaceName) && state == State.POSTGRES) {
            ctx.recorder.note(conn, s.timeNanos(), "also captured on interface " + interfaceName);
        }
        boolean a = s.source().equals(addressA) && s.sourcePort() == portA;
        TcpHalfStream half = a ? fromA : fromB;
        TcpHalfStream peer = a ? fromB : fromA;
        long time = s.timeNanos();
        if (s.has(TcpSegment.SYN)) {
            half.syn(s.seq());
            if (a && synSeqA == null) {
                synSeqA = s.seq();
            } else if (!a && synSeqB == null) {
                synSeqB = s.seq();
            }
            if (!s.has(TcpSegment.ACK)) {
                synFromA = a;
            } else {
                if (synFromA == null) {
                    synFromA = !a; // the SYN itself was not captured; its answer was
                }
                if (!peer.started()) {
                    peer.syn(s.ack() - 1); // the answer acknowledges the missing SYN's sequence number
                }
            }
        } else {
            half.segment(s.seq(), s.payload(), s.payloadLength(), s.has(TcpSegment.FIN), time);
        }
        if (s.has(TcpSegment.ACK)) {
            peer.acknowledged(s.ack());
        }
        if (s.has(TcpSegment.RST)) {
            end(time, "reset by the " + side(a));
            return;
        }
        if (s.has(TcpSegment.FIN)) {
            if (firstFinFromA == null) {
                firstFinFromA = a;
            }
            if (a) {
                finA = true;
            } else {
                finB = true;
            }
            if (finA && finB) {
                end(time, side(firstFinFromA) + " closed");
            }
        }
    }

    /**
     * Whether the SYN {@code s} opens a new connection on these addresses and ports. The same SYN
     * again (resent, or captured on a second interface) carries the first one's sequence number.
     */
    boolean startedAgainBy(TcpSegment s) {
        boolean a = s.source().equals(addressA) && s.sourcePort() == portA;
        Long first = a ? synSeqA : synSeqB;
        if (first != null) {
            return first != s.seq();
        }
        return finished || fromA.offset() > 0 || fromB.offset() > 0;
    }

    /** A new connection took these addresses and ports while this one was not seen to end. */
    void reused(long time) {
        if (!finished) {
            end(time, "not seen to end: a new connection reused its addresses and ports");
        }
    }

    void stopped(long time) {
        if (!finished) {
            end(time, "import stopped");
        }
    }

    void captureEnded(long time) {
        if (!finished) {
            end(time, "still open when the capture ended");
        }
    }

    private String side(boolean a) {
        if (state != State.POSTGRES) {
            return a ? "first sender" : "other side";
        }
        return a == clientIsA ? "client" : "server";
    }

    private void end(long time, String reason) {
        fromA.finish(time);
        fromB.finish(time);
        if (state == State.UNDECIDED) {
            decide(true);
        }
        if (state == State.POSTGRES && gaps > GAP_NOTES) {
            String text = (gaps - GAP_NOTES) + " more gap(s) not listed; " + gaps + " gap(s) in all, " + gapBytes
                    + " byte(s) missing from the capture";
            ctx.recorder.note(conn, time, text);
            ctx.notes.add("connection " + conn + ": " + text);
        }
        if (state == State.POSTGRES) {
            // the reason was worded before the sides were known when the connection was recognised only now
            String r = reason.startsWith("first sender") || reason.startsWith("other side")
                    ? reason.replace("first sender", side(true)).replace("other side", side(false)) : reason;
            ctx.recorder.closed(conn, time, r);
        }
        pending.clear();
        finished = true;
        fromA.ignore();
        fromB.ignore();
    }

    private TcpHalfStream.Sink sink(boolean a) {
        return new TcpHalfStream.Sink() {
            @Override
            public void data(byte[] b, int off, int len, long time) {
                onData(a, b, off, len, time);
            }

            @Override
            public void gap(long offset, long missing, long time) {
                onGap(a, offset, missing, time);
            }

            @Override
            public void conflict(long offset, int length, long time) {
                onConflict(a, offset, length, time);
            }
        };
    }

    private void other() {
        state = State.OTHER;
        pending.clear();
        pendingBytes = 0;
        fromA.ignore();
        fromB.ignore();
    }

    private void onData(boolean a, byte[] b, int off, int len, long time) {
        (a ? headA : headB).add(b, off, len);
        switch (state) {
            case POSTGRES -> {
                ctx.recorder.chunk(conn, dir(a), b, off, len, time, Origin.FORWARDED);
                checkTls(time);
            }
            case UNDECIDED -> {
                pending.add(new Data(a, Arrays.copyOfRange(b, off, off + len), time));
                pendingBytes += len;
                decide(pendingBytes > MAX_UNDECIDED);
            }
            case OTHER -> { }
        }
    }

    private void onGap(boolean a, long offset, long missing, long time) {
        Head h = a ? headA : headB;
        if (h.size() < HEAD) {
            h.clean = false;
        }
        switch (state) {
            case POSTGRES -> recordGap(a, offset, missing, time);
            case UNDECIDED -> pending.add(new Gap(a, offset, missing, time));
            case OTHER -> { }
        }
    }

    private void onConflict(boolean a, long offset, int length, long time) {
        switch (state) {
            case POSTGRES -> recordConflict(a, offset, length, time);
            case UNDECIDED -> pending.add(new Conflict(a, offset, length, time));
            case OTHER -> { }
        }
    }

    private Direction dir(boolean a) {
        return a == clientIsA ? Direction.FRONTEND : Direction.BACKEND;
    }

    private void recordGap(boolean a, long offset, long missing, long time) {
        ctx.recorder.gap(conn, dir(a), missing, time);
        gaps++;
        gapBytes += missing;
        if (gaps > GAP_NOTES) {
            return;
        }
        String text = "gap: " + missing + " byte(s) of the " + side(a) + "'s stream (" + (dir(a) == Direction.FRONTEND ? "F" : "B")
                + ") missing from the capture at stream offset " + offset + ", " + Instant.ofEpochSecond(0, time)
                + "; decoding resumed at the next message boundary";
        ctx.recorder.note(conn, time, text);
        ctx.notes.add("connection " + conn + ": " + text);
    }

    private void recordConflict(boolean a, long offset, int length, long time) {
        String text = "retransmitted bytes of the " + side(a) + "'s stream at offset " + offset + " (" + length
                + " byte(s)) differ from the first copy; the first copy was kept";
        ctx.recorder.note(conn, time, text);
        ctx.notes.add("connection " + conn + ": " + text);
    }

    /** Recognises PostgreSQL and the client; {@code atEnd}: no more bytes will come to decide on. */
    private void decide(boolean atEnd) {
        PostgresRecognizer.Verdict v = PostgresRecognizer.decide(
                new PostgresRecognizer.Side(headA.get(), headA.clean, fromA.startSeen, portA),
                new PostgresRecognizer.Side(headB.get(), headB.clean, fromB.startSeen, portB),
                synFromA, ctx.options, atEnd);
        switch (v.kind()) {
            case POSTGRES -> recognised(v.clientIsA(), v.how());
            case OTHER -> other();
            case WAIT -> { }
        }
    }

    private void recognised(boolean clientA, String how) {
        state = State.POSTGRES;
        clientIsA = clientA;
        InetAddress client = clientA ? addressA : addressB;
        int clientPort = clientA ? portA : portB;
        InetAddress server = clientA ? addressB : addressA;
        int serverPort = clientA ? portB : portA;
        TcpHalfStream clientHalf = clientA ? fromA : fromB;
        String note = "imported from " + ctx.fileName + (interfaces.isEmpty() ? ""
                : (interfaces.size() == 1 ? ", interface " : ", interfaces ") + String.join(", ", interfaces)) + how;
        boolean joinedLate = !clientHalf.startSeen;
        if (joinedLate && how.isEmpty()) {
            Head first = clientA ? headA : headB;
            // The resyncing framer frames such a connection from its startup packet, as if the handshake were there.
            note += first.clean && StartupCodes.packetAt(first.get(), 0, first.size()) > 0
                    ? ", the capture misses its TCP handshake but holds its startup"
                    : ", joined mid-connection (the capture does not hold its start)";
        }
        conn = ctx.recorder.store().openConnection(CaptureImport.hostPort(client, clientPort),
                CaptureImport.hostPort(server, serverPort), firstTime, note);
        ctx.connections++;
        ctx.recorder.useFramer(conn, joinedLate ? Framer.resyncing() : new Framer());
        for (Pending p : pending) {
            switch (p) {
                case Data d -> ctx.recorder.chunk(conn, dir(d.fromA), d.bytes, 0, d.bytes.length, d.time, Origin.FORWARDED);
                case Gap g -> recordGap(g.fromA, g.offset, g.missing, g.time);
                case Conflict c -> recordConflict(c.fromA, c.offset, c.length, c.time);
            }
        }
        pending.clear();
        pendingBytes = 0;
        checkTls(firstTime);
    }

    /** An encrypted stream is recorded as TLS records by the framer; say once that they cannot be decoded. */
    private void checkTls(long time) {
        if (tlsChecked) {
            return;
        }
        Head client = clientIsA ? headA : headB;
        Head server = clientIsA ? headB : headA;
        if (client.size() < 1) {
            return;
        }
        byte[] c = client.get();
        if ((c[0] & 0xff) == 0x16) {
            tlsChecked = true;
            ctx.recorder.note(conn, time, "TLS from the first byte (direct SSL): the encrypted records cannot be decoded");
            return;
        }
        if (c.length < 8) {
            return;
        }
        int code = int32(c, 4);
        if (code != StartupCodes.SSL_REQUEST && code != StartupCodes.GSSENC_REQUEST) {
            tlsChecked = true;
            return;
        }
        if (server.size() < 1) {
            return;
        }
        tlsChecked = true;
        byte answer = server.get()[0];
        if (answer == 'S') {
            ctx.recorder.note(conn, time, "TLS after SSLRequest: the encrypted records cannot be decoded");
        } else if (answer == 'G') {
            ctx.recorder.note(conn, time, "GSSAPI encryption after GSSENCRequest: the encrypted packets cannot be decoded");
        }
    }
}
