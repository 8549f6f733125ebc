package dev.pgwb.protocol.capture;

import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Framer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the bytes of one direction of one connection, as a file holds them: either from the
 * connection's start, or from the middle (a client stream that starts with a typed message, a
 * server stream that starts with ParameterStatus rather than an SSL answer).
 */
public final class SingleDirectionDecoder {

    /**
     * @param messages   every message, in order; seq and stream offsets count from the file's first byte
     * @param fromMiddle true when the bytes were read as the middle of a stream (no startup phase)
     */
    public record Result(Direction direction, List<Decoded> messages, boolean fromMiddle) {
        public Result {
            messages = List.copyOf(messages);
        }

        /** Messages that could not be decoded or that have problems. */
        public long troubled() {
            return messages.stream().filter(Result::isTroubled).count();
        }

        /** Bytes in messages that could not be decoded or that have problems. */
        public long troubledBytes() {
            return messages.stream().filter(Result::isTroubled).mapToLong(d -> d.frame().length()).sum();
        }

        private static boolean isTroubled(Decoded d) {
            return d.isUndecoded() || !d.problems().isEmpty();
        }
    }

    private SingleDirectionDecoder() {
    }

    public static Result decode(byte[] bytes, Direction direction) {
        return decode(bytes, direction, false);
    }

    public static Result decode(byte[] bytes, Direction direction, boolean revealSecrets) {
        boolean middle = startsInMiddle(bytes, direction);
        ConnectionDecoder decoder = new ConnectionDecoder(middle ? Framer.pastStartup() : new Framer(), new ConnectionState(),
                new Decoder(revealSecrets));
        List<Decoded> out = new ArrayList<>();
        decoder.feed(direction, bytes, 0, bytes.length, 0L, out::add);
        decoder.finish(direction, 0L, out::add);
        return new Result(direction, out, middle);
    }

    /**
     * True when the bytes cannot be a stream's start in this direction but can be its middle: for the
     * client, a first byte that is a message type (a startup packet starts with its length's zero
     * high byte, a direct TLS start with 0x16); for the server, {@code 'S'} followed by anything but
     * the TLS record an SSL answer would be followed by.
     */
    static boolean startsInMiddle(byte[] bytes, Direction direction) {
        if (bytes.length == 0) {
            return false;
        }
        int first = bytes[0] & 0xff;
        if (direction == Direction.FRONTEND) {
            return MessageTypes.name(Direction.FRONTEND, first) != null;
        }
        return first == 'S' && bytes.length > 1 && bytes[1] != 0x16;
    }
}
