package dev.pgwb.bench;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.wire.Direction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one connection in arrival order, cut into socket-read sized chunks: what a relay
 * hands the framer. Consecutive messages in one direction are one contiguous stream, so a chunk
 * boundary falls anywhere, mid-header included, as it does on a real socket.
 */
public final class Conversation {

    /** One socket read: {@code length} bytes of {@code bytes} from {@code offset}, in {@code direction}. */
    public record Chunk(Direction direction, byte[] bytes, int offset, int length) {
    }

    private final List<Chunk> chunks;
    private final long totalBytes;
    private final int messageCount;

    private Conversation(List<Chunk> chunks, long totalBytes, int messageCount) {
        this.chunks = List.copyOf(chunks);
        this.totalBytes = totalBytes;
        this.messageCount = messageCount;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** Bytes of both directions together: the figure MB/s is computed from. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Messages encoded into the conversation: the frames a correct framer must cut. */
    public int messageCount() {
        return messageCount;
    }

    public static Builder builder(int chunkSize) {
        return new Builder(chunkSize);
    }

    /** Encodes messages with the protocol's {@link Encoder}; a change of direction ends a run. */
    public static final class Builder {
        private final int chunkSize;
        private final List<Chunk> chunks = new ArrayList<>();
        private final ByteArrayOutputStream run = new ByteArrayOutputStream();
        private Direction runDirection;
        private long totalBytes;
        private int messageCount;

        private Builder(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
            }
            this.chunkSize = chunkSize;
        }

        public Builder frontend(Message m) {
            return add(Direction.FRONTEND, m);
        }

        public Builder backend(Message m) {
            return add(Direction.BACKEND, m);
        }

        private Builder add(Direction d, Message m) {
            if (runDirection != d) {
                endRun();
                runDirection = d;
            }
            run.writeBytes(Encoder.encode(m));
            messageCount++;
            return this;
        }

        private void endRun() {
            if (run.size() == 0) {
                return;
            }
            byte[] bytes = run.toByteArray();
            for (int off = 0; off < bytes.length; off += chunkSize) {
                chunks.add(new Chunk(runDirection, bytes, off, Math.min(chunkSize, bytes.length - off)));
            }
            totalBytes += bytes.length;
            run.reset();
        }

        public Conversation build() {
            endRun();
            return new Conversation(chunks, totalBytes, messageCount);
        }
    }
}
