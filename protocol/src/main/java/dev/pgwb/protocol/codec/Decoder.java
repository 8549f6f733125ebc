package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.codec.FieldReader.Truncated;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Encrypted;
import dev.pgwb.protocol.message.GSSENCResponse;
import dev.pgwb.protocol.message.Malformed;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.SSLResponse;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.wire.BigEndian;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * A pure function of (frame, connection state) to {@link Decoded}. Never throws for content:
 * truncated, over-long, garbage and unknown input give {@link Malformed} / {@link Unknown} with
 * problems listed, and the field tree still covers every byte of the frame.
 *
 * <p>Secrets (passwords, SCRAM proofs, GSS tokens) are redacted in the field tree unless the
 * decoder was made with {@code revealSecrets}; the message records always hold the real bytes.
 */
public final class Decoder {
    private final boolean revealSecrets;
    private final MessageTypes types;

    public Decoder() {
        this(false);
    }

    public Decoder(boolean revealSecrets) {
        this(revealSecrets, MessageTypes.standard());
    }

    /** A decoder that knows the message types of {@code types} (which type byte is what, and how to read it). */
    public Decoder(boolean revealSecrets, MessageTypes types) {
        this.revealSecrets = revealSecrets;
        this.types = types;
    }

    public Decoded decode(Frame frame, ConnectionState state) {
        try {
            return switch (frame.kind()) {
                case TYPED -> typed(frame, state);
                case UNTYPED -> untyped(frame, state);
                case SINGLE_BYTE -> singleByte(frame, state);
                case TLS_RECORD -> tlsRecord(frame);
                case GSS_PACKET -> gssPacket(frame);
                case MALFORMED -> malformedHeader(frame);
                case RAW -> raw(frame);
            };
        } catch (RuntimeException e) {
            // A bug in a body decoder must not stop the stream: show the bytes, say what happened.
            return new Decoded(frame, new Malformed(frame.typeByte(), Bytes.of(frame.bytes()), "decoder error: " + e),
                    "Malformed", List.of(new FieldNode("Bytes", 0, frame.length(), FieldReader.hexPreview(frame.bytes(), 0, frame.length()))),
                    List.of("internal decoder error (" + e + "); the bytes are shown undecoded"));
        }
    }

    private Decoded typed(Frame frame, ConnectionState state) {
        Direction dir = frame.direction();
        FieldReader r = new FieldReader(frame.bytes(), 0, state.charset());
        List<String> problems = new ArrayList<>();
        int type = r.byte1(FieldKey.TYPE, "Type", t -> {
            MessageType.Reader n = types.reader(dir, t);
            return MessageTypes.typeChar(t) + (n == null ? " (unknown " + (dir == Direction.FRONTEND ? "frontend" : "backend") + " type)" : " " + n.name());
        });
        r.int32(FieldKey.LENGTH, "Length", v -> v + " (body " + (v - 4) + " bytes)");
        MessageType.Reader reader = types.reader(dir, type);
        if (reader == null) {
            r.rest("Body", null);
            problems.add("type byte " + MessageTypes.typeChar(type) + " is not a "
                    + (dir == Direction.FRONTEND ? "frontend" : "backend") + " message type");
            return new Decoded(frame, new Unknown(type, Bytes.of(frame.bytes(), 5, frame.length() - 5)), "Unknown",
                    r.fields(), problems);
        }
        String expected = reader.name();
        BodyContext ctx = new BodyContext(r, state, problems, revealSecrets, dir);
        Message message;
        try {
            message = reader.decoder().decode(ctx);
        } catch (Truncated t) {
            if (r.remaining() > 0) {
                r.rest("Unparsed bytes", null);
            }
            problems.add("cannot read " + expected + ": " + t.getMessage());
            return new Decoded(frame, new Malformed(type, Bytes.of(frame.bytes()), t.getMessage()), expected, r.fields(), problems);
        }
        if (r.remaining() > 0) {
            int extra = r.remaining();
            r.rest("Trailing bytes", null);
            String why = extra + " byte(s) after the documented fields of " + message.typeName();
            problems.add(why);
            return new Decoded(frame, new Malformed(type, Bytes.of(frame.bytes()), why), message.typeName(), r.fields(), problems);
        }
        return new Decoded(frame, message, message.typeName(), r.fields(), problems);
    }

    private Decoded untyped(Frame frame, ConnectionState state) {
        FieldReader r = new FieldReader(frame.bytes(), 0, state.charset());
        List<String> problems = new ArrayList<>();
        r.int32(FieldKey.LENGTH, "Length");
        int code = r.peekInt32();
        MessageType.Reader reader = types.startupReader(code);
        if (reader == null) {
            r.rest("Body", null);
            problems.add("no start-up packet type is known");
            return new Decoded(frame, new Malformed(-1, Bytes.of(frame.bytes()), "unknown start-up packet"), "Malformed", r.fields(), problems);
        }
        String name = reader.name();
        BodyContext ctx = new BodyContext(r, state, problems, revealSecrets, frame.direction());
        Message message;
        try {
            message = reader.decoder().decode(ctx);
        } catch (Truncated t) {
            if (r.remaining() > 0) {
                r.rest("Unparsed bytes", null);
            }
            problems.add("cannot read " + name + ": " + t.getMessage());
            return new Decoded(frame, new Malformed(-1, Bytes.of(frame.bytes()), t.getMessage()), name, r.fields(), problems);
        }
        if (r.remaining() > 0) {
            int extra = r.remaining();
            r.rest("Trailing bytes", null);
            String why = extra + " byte(s) after the documented fields of " + name;
            problems.add(why);
            return new Decoded(frame, new Malformed(-1, Bytes.of(frame.bytes()), why), name, r.fields(), problems);
        }
        return new Decoded(frame, message, message.typeName(), r.fields(), problems);
    }

    private Decoded singleByte(Frame frame, ConnectionState state) {
        char answer = (char) (frame.bytes()[0] & 0xff);
        boolean gss = state.negotiation() == ConnectionState.Negotiation.GSS
                || (state.negotiation() == ConnectionState.Negotiation.NONE && answer == 'G');
        String meaning = switch (answer) {
            case 'S' -> "S: the server will do TLS";
            case 'G' -> "G: the server will do GSSAPI encryption";
            case 'N' -> "N: the server refuses " + (gss ? "GSSAPI encryption" : "TLS") + "; the client may continue unencrypted";
            default -> MessageTypes.typeChar(answer) + ": not a documented answer";
        };
        List<String> problems = new ArrayList<>();
        if (answer != 'N' && answer != (gss ? 'G' : 'S')) {
            problems.add("unexpected answer " + MessageTypes.typeChar(answer) + " to " + (gss ? "GSSENCRequest" : "SSLRequest"));
        }
        Message m = gss ? new GSSENCResponse(answer) : new SSLResponse(answer);
        return new Decoded(frame, m, m.typeName(), List.of(new FieldNode("Answer", 0, 1, meaning)), problems);
    }

    private Decoded tlsRecord(Frame frame) {
        byte[] b = frame.bytes();
        int type = b[0] & 0xff;
        String typeText = switch (type) {
            case 20 -> "20 ChangeCipherSpec";
            case 21 -> "21 Alert";
            case 22 -> "22 Handshake";
            case 23 -> "23 ApplicationData";
            case 24 -> "24 Heartbeat";
            default -> Integer.toString(type);
        };
        int len = b.length - 5;
        List<FieldNode> children = List.of(
                new FieldNode("Content type", 0, 1, typeText),
                new FieldNode("Version", 1, 2, (b[1] & 0xff) + "." + (b[2] & 0xff) + tlsVersionName(b[1], b[2])),
                new FieldNode("Length", 3, 2, Integer.toString(len)),
                new FieldNode(type == 22 && b.length > 5 && b[5] == 1 ? "ClientHello (encrypted session follows)" : "Encrypted payload",
                        5, len, FieldReader.hexPreview(b, 5, len)));
        return new Decoded(frame, new Encrypted(true, Bytes.of(b)), "TLS record",
                List.of(new FieldNode("TLS record", 0, b.length, typeText + ", " + len + " bytes", children)), List.of());
    }

    private static String tlsVersionName(byte major, byte minor) {
        if (major != 3) {
            return "";
        }
        return switch (minor) {
            case 1 -> " (TLS 1.0 record layer)";
            case 2 -> " (TLS 1.1)";
            case 3 -> " (TLS 1.2 record layer; also TLS 1.3)";
            default -> "";
        };
    }

    private Decoded gssPacket(Frame frame) {
        byte[] b = frame.bytes();
        List<FieldNode> children = List.of(
                new FieldNode("Length", 0, 4, Integer.toString(b.length - 4)),
                new FieldNode("Encrypted token", 4, b.length - 4, FieldReader.hexPreview(b, 4, b.length - 4)));
        return new Decoded(frame, new Encrypted(false, Bytes.of(b)), "GSSAPI encrypted packet",
                List.of(new FieldNode("GSSAPI packet", 0, b.length, (b.length - 4) + " bytes", children)), List.of());
    }

    private Decoded malformedHeader(Frame frame) {
        byte[] b = frame.bytes();
        String why = frame.problem() == null ? "unreadable header" : frame.problem();
        List<FieldNode> fields = new ArrayList<>();
        if (b.length == 5) {
            fields.add(new FieldNode("Type", 0, 1, MessageTypes.typeChar(b[0] & 0xff)));
            fields.add(new FieldNode("Length", 1, 4, Integer.toString(int32(b, 1)) + " (impossible)"));
        } else {
            fields.add(new FieldNode("Header", 0, b.length, FieldReader.hexPreview(b, 0, b.length)));
        }
        return new Decoded(frame, new Malformed(frame.typeByte(), Bytes.of(b), why), "Malformed", fields,
                List.of(why + "; the rest of this direction is kept as raw bytes"));
    }

    private Decoded raw(Frame frame) {
        byte[] b = frame.bytes();
        String why = frame.problem() == null ? "raw bytes" : frame.problem();
        return new Decoded(frame, new Malformed(-1, Bytes.of(b), why), "Raw bytes",
                List.of(new FieldNode("Raw bytes", 0, b.length, FieldReader.hexPreview(b, 0, b.length))), List.of(why));
    }

    static int int32(byte[] b, int p) {
        return BigEndian.int32(b, p);
    }
}
