package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.Framer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Bytes of one connection in, decoded messages out: a {@link Framer}, the connection's
 * {@link ConnectionState} and the {@link Decoder}, applied in arrival order. Feed both
 * directions in the order the bytes arrived so that state-dependent messages resolve right.
 */
public final class ConnectionDecoder {
    private final Framer framer;
    private final ConnectionState state;
    private final Decoder decoder;

    public ConnectionDecoder() {
        this(new Framer(), new ConnectionState(), new Decoder());
    }

    public ConnectionDecoder(Framer framer, ConnectionState state, Decoder decoder) {
        this.framer = framer;
        this.state = state;
        this.decoder = decoder;
    }

    public void feed(Direction direction, byte[] chunk, int off, int len, long timeNanos, Consumer<Decoded> sink) {
        framer.feed(direction, chunk, off, len, timeNanos, frame -> sink.accept(decode(frame)));
    }

    public List<Decoded> feed(Direction direction, byte[] chunk, long timeNanos) {
        List<Decoded> out = new ArrayList<>();
        feed(direction, chunk, 0, chunk.length, timeNanos, out::add);
        return out;
    }

    /** End of the stream in {@code direction}: an incomplete frame comes out as raw bytes. */
    public void finish(Direction direction, long timeNanos, Consumer<Decoded> sink) {
        framer.finish(direction, timeNanos, frame -> sink.accept(decode(frame)));
    }

    public List<Decoded> finish(Direction direction, long timeNanos) {
        List<Decoded> out = new ArrayList<>();
        finish(direction, timeNanos, out::add);
        return out;
    }

    /** Decodes an already cut frame against this connection's state, then advances the state. */
    public Decoded decode(Frame frame) {
        return decode(frame, null);
    }

    /**
     * {@link #decode(Frame)}, handing {@code frozen} the state the frame was decoded with (a
     * {@link ConnectionState#frozenCopy()}, taken before the state advances) so that the frame can be
     * decoded again later without replaying the connection.
     */
    public Decoded decode(Frame frame, Consumer<ConnectionState> frozen) {
        Decoded d = decoder.decode(frame, state);
        if (frozen != null) {
            frozen.accept(state.frozenCopy());
        }
        state.advance(d);
        return d;
    }

    public ConnectionState state() {
        return state;
    }
}
