package dev.pgwb.protocol.capture;

import static dev.pgwb.protocol.wire.BigEndian.int32;

import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Framer;
import dev.pgwb.protocol.wire.StartupCodes;
import dev.pgwb.protocol.wire.TypeBytes;

/**
 * Whether bytes are PostgreSQL's, and which side sent them. Two questions, one set of clues (a
 * startup-phase packet is the client's, some type bytes only one side sends):
 * {@link #decide} for a TCP connection of a capture, {@link #sender} for a file of one direction's
 * bytes. Pure: the same inputs, the same verdict.
 *
 * <p>A TCP connection is judged from its first bytes each way (at most {@value #HEAD}), its ports
 * and who sent the SYN, in order: a captured stream start that is a startup-phase packet (StartupMessage, SSLRequest,
 * GSSENCRequest, CancelRequest), or the first bytes of a late-joined stream that are a whole one by
 * the strict layout the framer holds it to ({@link StartupCodes#packetAt}: only the TCP handshake
 * was missed), names the client; a server port (given, or 5432) makes it
 * PostgreSQL with the SYN's sender (else the other port's side) as client; a captured start that is
 * anything else is not PostgreSQL; a connection joined late is PostgreSQL when both directions read
 * as chains of plausible {@code type + length} messages, the server being the side sending types
 * only servers send.
 */
public final class PostgresRecognizer {
    static final int HEAD = 4096;
    /** How far into a late-joined stream a message boundary is looked for. */
    private static final int SCAN = 64;

    enum Kind { WAIT, POSTGRES, OTHER }

    /** {@code how}: what the connection's note adds about the recognition ("" when nothing is worth saying). */
    record Verdict(Kind kind, boolean clientIsA, String how) {
        static final Verdict WAIT = new Verdict(Kind.WAIT, false, "");
        static final Verdict OTHER = new Verdict(Kind.OTHER, false, "");

        static Verdict postgres(boolean clientIsA, String how) {
            return new Verdict(Kind.POSTGRES, clientIsA, how);
        }
    }

    /**
     * One direction: its first bytes, whether no gap broke them, whether they are the stream's
     * start (its SYN was seen), and the port it comes from.
     */
    record Side(byte[] head, boolean clean, boolean startSeen, int port) {
    }

    private PostgresRecognizer() {
    }

    static Verdict decide(Side a, Side b, Boolean synFromA, CaptureImport.Options options, boolean atEnd) {
        Boolean startupA = startup(a, atEnd);
        Boolean startupB = startup(b, atEnd);
        boolean serverA = options.serverPorts().contains(a.port);
        boolean serverB = options.serverPorts().contains(b.port);
        if (Boolean.TRUE.equals(startupA) || Boolean.TRUE.equals(startupB)) {
            return Verdict.postgres(Boolean.TRUE.equals(startupA), "");
        }
        if (serverA || serverB) {
            return Verdict.postgres(synFromA != null ? synFromA : !serverA, "");
        }
        if (!options.detectByContent()) {
            return Verdict.OTHER;
        }
        if (Boolean.FALSE.equals(startupA) || Boolean.FALSE.equals(startupB)) {
            return Verdict.OTHER; // its start was captured, and it is not PostgreSQL's
        }
        if (a.startSeen || b.startSeen) {
            return atEnd ? Verdict.OTHER : Verdict.WAIT; // the start's bytes are still to come
        }
        return joinedLate(a, b, atEnd);
    }

    /** Both directions must read as message chains; the sides come from the types each sends. */
    private static Verdict joinedLate(Side a, Side b, boolean atEnd) {
        byte[] ha = a.head;
        byte[] hb = b.head;
        if (ha.length == 0 || hb.length == 0) {
            return atEnd ? Verdict.OTHER : Verdict.WAIT;
        }
        boolean enough = atEnd || (ha.length >= 256 && hb.length >= 256) || ha.length + hb.length >= 2 * HEAD - 1;
        int aFront = Framer.plausibleStart(Direction.FRONTEND, ha, 0, ha.length, SCAN, atEnd);
        int bBack = Framer.plausibleStart(Direction.BACKEND, hb, 0, hb.length, SCAN, atEnd);
        int aBack = Framer.plausibleStart(Direction.BACKEND, ha, 0, ha.length, SCAN, atEnd);
        int bFront = Framer.plausibleStart(Direction.FRONTEND, hb, 0, hb.length, SCAN, atEnd);
        boolean aClient = aFront >= 0 && bBack >= 0;
        boolean bClient = bFront >= 0 && aBack >= 0;
        if (!aClient && !bClient) {
            return enough ? Verdict.OTHER : Verdict.WAIT;
        }
        if (aClient && bClient) {
            if (!enough) {
                return Verdict.WAIT;
            }
            int backendA = backendOnlyTypes(ha, aBack);
            int backendB = backendOnlyTypes(hb, bBack);
            // no telling from the types: the lower port is more likely the server's
            aClient = backendA == backendB ? a.port > b.port : backendB > backendA;
        }
        return Verdict.postgres(aClient, ", joined mid-connection (recognised by the messages both ways, sides by the message types)");
    }

    /** Server-only types minus client-only types along the chain that starts at {@code start}. */
    private static int backendOnlyTypes(byte[] h, int start) {
        int count = 0;
        long p = start;
        while (p >= 0 && p + 5 <= h.length) {
            int at = (int) p;
            int type = h[at] & 0xff;
            Direction only = onlySentBy(type);
            if (only == Direction.BACKEND) {
                count++;
            } else if (only == Direction.FRONTEND) {
                count--;
            }
            long len = int32(h, at + 1) & 0xffffffffL;
            if (len < 4) {
                break;
            }
            p += 1 + len;
        }
        return count;
    }

    /**
     * TRUE: the direction's captured start is a startup-phase packet, or its first captured bytes
     * are a whole one; FALSE: its start is captured and is not; null: unknown.
     */
    private static Boolean startup(Side s, boolean atEnd) {
        if (!s.clean) {
            return null;
        }
        if (!s.startSeen) {
            // The same test as the resyncing framer's, so that what is recognised by it is framed from it
            // (a startup packet longer than the head is left to the other rules).
            return StartupCodes.packetAt(s.head, 0, s.head.length) > 0 ? Boolean.TRUE : null;
        }
        if (s.head.length < 8) {
            return atEnd && s.head.length > 0 ? Boolean.FALSE : null;
        }
        return startupCode(s.head, StartupCodes.MAX_PACKET_LENGTH) != 0;
    }

    /**
     * The code of the startup-phase packet header {@code b} begins with (a length from 8 to
     * {@code maxLength}, then a code PostgreSQL defines), or 0 when it begins with none.
     */
    private static int startupCode(byte[] b, int maxLength) {
        if (b.length < 8) {
            return 0;
        }
        int length = int32(b, 0);
        int code = int32(b, 4);
        return length >= 8 && length <= maxLength && StartupCodes.isPlausible(code) ? code : 0;
    }

    /** The side that alone sends messages of this type byte, or null when both or neither do. */
    private static Direction onlySentBy(int type) {
        if (TypeBytes.standard().backendOnly(type)) {
            return Direction.BACKEND;
        }
        return TypeBytes.standard().frontendOnly(type) ? Direction.FRONTEND : null;
    }

    /**
     * Which side sent a file of one direction's bytes, when nobody said: both readings are made and
     * the one with fewer bytes in undecodable or troubled messages wins; a startup packet, a TLS
     * hello or a type byte only one side sends settles a tie.
     *
     * @param result the decoding in the chosen direction
     * @param reason why, in one line, for the user to check
     */
    public record SenderGuess(SingleDirectionDecoder.Result result, String reason) {
        public Direction direction() {
            return result.direction();
        }
    }

    public static SenderGuess sender(byte[] bytes, boolean revealSecrets) {
        SingleDirectionDecoder.Result client = SingleDirectionDecoder.decode(bytes, Direction.FRONTEND, revealSecrets);
        SingleDirectionDecoder.Result server = SingleDirectionDecoder.decode(bytes, Direction.BACKEND, revealSecrets);
        // Bytes in troubled messages, not their number: a wrong reading often swallows the whole
        // file into one or two bad frames, while a right one may have a few doubtful messages.
        int better = Long.compare(client.troubledBytes(), server.troubledBytes());
        if (better == 0) {
            better = Long.compare(client.troubled(), server.troubled());
        }
        String startup = startupPacket(bytes);
        if (startup != null && better <= 0) {
            return new SenderGuess(client, "it starts with " + startup);
        }
        String counts = "as client bytes " + count(client) + "; as server bytes " + count(server);
        if (better != 0) {
            return new SenderGuess(better < 0 ? client : server, counts);
        }
        if (bytes.length > 5 && bytes[0] == 0x16 && (bytes[5] == 1 || bytes[5] == 2)) {
            // Direct TLS: the first handshake message is the ClientHello or the ServerHello.
            return bytes[5] == 1
                    ? new SenderGuess(client, "it starts with a TLS ClientHello")
                    : new SenderGuess(server, "it starts with a TLS ServerHello");
        }
        int first = bytes.length == 0 ? -1 : bytes[0] & 0xff;
        Direction d = first >= 0 ? onlySentBy(first) : null;
        if (d != null) {
            return new SenderGuess(d == Direction.FRONTEND ? client : server, counts + "; the first type byte "
                    + MessageTypes.typeChar(first) + " is " + MessageTypes.name(d, first) + " only from the "
                    + (d == Direction.FRONTEND ? "client" : "server"));
        }
        return new SenderGuess(client, counts + "; the bytes fit both ways, so client is a guess");
    }

    /** "a StartupMessage (protocol 3.0)" when the bytes begin with a startup-phase packet, else null. */
    private static String startupPacket(byte[] b) {
        int code = startupCode(b, Integer.MAX_VALUE);
        return switch (code) {
            case 0 -> null;
            case StartupCodes.SSL_REQUEST -> "an SSLRequest";
            case StartupCodes.GSSENC_REQUEST -> "a GSSENCRequest";
            case StartupCodes.CANCEL_REQUEST -> "a CancelRequest";
            default -> "a StartupMessage (protocol " + StartupCodes.versionText(code) + ")";
        };
    }

    private static String count(SingleDirectionDecoder.Result r) {
        long troubled = r.troubled();
        int n = r.messages().size();
        return n + (n == 1 ? " message" : " messages") + ", "
                + (troubled == 0 ? "all clean" : troubled + " with problems (" + r.troubledBytes() + " bytes)");
    }
}
