package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Message;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Message records to wire bytes, both directions: the composer sends frontend messages with it,
 * tests and fake-server scenarios build server bytes with it. {@code decode(encode(m)) == m}.
 * Each type's encoder is in its {@link MessageType}, in {@link MessageTypes}.
 */
public final class Encoder {
    private Encoder() {
    }

    public static byte[] encode(Message m) {
        return encode(m, StandardCharsets.UTF_8);
    }

    /** Encodes {@code m}; text is written in {@code charset} (the connection's client_encoding). */
    public static byte[] encode(Message m, Charset charset) {
        return MessageTypes.standard().encode(m, charset);
    }
}
