package dev.pgwb.bench;

import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.Framer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Feeds a {@link Conversation} chunk by chunk to a fresh framer or decoder, as a relay would for one new connection. */
public final class Replay {
    private Replay() {
    }

    public static void frame(Conversation conversation, Consumer<Frame> sink) {
        Framer framer = new Framer();
        long time = 0;
        for (Conversation.Chunk c : conversation.chunks()) {
            framer.feed(c.direction(), c.bytes(), c.offset(), c.length(), time++, sink);
        }
    }

    public static void decode(Conversation conversation, Consumer<Decoded> sink) {
        ConnectionDecoder decoder = new ConnectionDecoder();
        long time = 0;
        for (Conversation.Chunk c : conversation.chunks()) {
            decoder.feed(c.direction(), c.bytes(), c.offset(), c.length(), time++, sink);
        }
    }

    /**
     * Replays once and fails unless every message came out as one frame and decoded without a
     * problem: a benchmark over a stream the decoder rejects would measure the error path.
     */
    public static Conversation checked(String name, Conversation conversation) {
        int[] frames = {0};
        frame(conversation, f -> frames[0]++);
        List<Decoded> decoded = new ArrayList<>();
        decode(conversation, decoded::add);
        if (frames[0] != conversation.messageCount() || decoded.size() != conversation.messageCount()) {
            throw new IllegalStateException(name + ": " + conversation.messageCount() + " messages encoded, but "
                    + frames[0] + " frames cut and " + decoded.size() + " decoded");
        }
        for (Decoded d : decoded) {
            if (d.isUndecoded() || !d.problems().isEmpty()) {
                throw new IllegalStateException(name + ": frame " + d.frame().seq() + " (" + d.typeName() + ") decoded as "
                        + d.message().getClass().getSimpleName() + " with problems " + d.problems());
            }
        }
        System.out.printf("%n%s: %d bytes per op (%d messages in %d chunks of at most %d bytes)%n", name,
                conversation.totalBytes(), conversation.messageCount(), conversation.chunks().size(),
                SampleConversations.CHUNK_SIZE);
        return conversation;
    }
}
