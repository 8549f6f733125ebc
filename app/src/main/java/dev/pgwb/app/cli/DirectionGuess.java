package dev.pgwb.app.cli;

import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.StartupCodes;

/**
 * Which side sent a file of one direction's bytes, when nobody said: both readings are made and
 * the one with fewer bytes in undecodable or troubled messages wins; a startup packet, a TLS
 * hello or a type byte only one side sends settles a tie.
 *
 * @param result the decoding in the chosen direction
 * @param reason why, in one line, for the user to check
 */
public record DirectionGuess(SingleDirectionDecoder.Result result, String reason) {

    public Direction direction() {
        return result.direction();
    }

    public static DirectionGuess of(byte[] bytes, boolean revealSecrets) {
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
            return new DirectionGuess(client, "it starts with " + startup);
        }
        String counts = "as client bytes " + count(client) + "; as server bytes " + count(server);
        if (better != 0) {
            return new DirectionGuess(better < 0 ? client : server, counts);
        }
        if (bytes.length > 5 && bytes[0] == 0x16 && (bytes[5] == 1 || bytes[5] == 2)) {
            // Direct TLS: the first handshake message is the ClientHello or the ServerHello.
            return bytes[5] == 1
                    ? new DirectionGuess(client, "it starts with a TLS ClientHello")
                    : new DirectionGuess(server, "it starts with a TLS ServerHello");
        }
        int first = bytes.length == 0 ? -1 : bytes[0] & 0xff;
        boolean clientType = first >= 0 && MessageTypes.name(Direction.FRONTEND, first) != null;
        boolean serverType = first >= 0 && MessageTypes.name(Direction.BACKEND, first) != null;
        if (clientType != serverType) {
            Direction d = clientType ? Direction.FRONTEND : Direction.BACKEND;
            return new DirectionGuess(d == Direction.FRONTEND ? client : server, counts + "; the first type byte "
                    + MessageTypes.typeChar(first) + " is " + MessageTypes.name(d, first) + " only from the "
                    + (clientType ? "client" : "server"));
        }
        return new DirectionGuess(client, counts + "; the bytes fit both ways, so client is a guess");
    }

    /** "a StartupMessage (protocol 3.0)" when the bytes begin with a startup-phase packet, else null. */
    private static String startupPacket(byte[] b) {
        if (b.length < 8) {
            return null;
        }
        int length = int32(b, 0);
        int code = int32(b, 4);
        if (length < 8 || !StartupCodes.isPlausible(code)) {
            return null;
        }
        return switch (code) {
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

    private static int int32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
