package dev.pgwb.protocol.session;

import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.MessageTypes;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.wire.Framer;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes recorded frames in session order, keeping one {@link ConnectionState} per connection,
 * so that each frame is read with what its own connection had said before it.
 */
public final class SessionDecoder {
    private final Map<Integer, ConnectionDecoder> connections = new HashMap<>();
    private final boolean revealSecrets;
    private final boolean retainHistory;
    private final MessageTypes types;

    public SessionDecoder() {
        this(false);
    }

    public SessionDecoder(boolean revealSecrets) {
        this(revealSecrets, true);
    }

    /**
     * @param retainHistory false when decoding for long (a live relay): each connection's
     *                      conversation keeps only what is alive, not its history
     */
    public SessionDecoder(boolean revealSecrets, boolean retainHistory) {
        this(revealSecrets, retainHistory, MessageTypes.standard());
    }

    /** A session decoder that knows the message types of {@code types}. */
    public SessionDecoder(boolean revealSecrets, boolean retainHistory, MessageTypes types) {
        this.revealSecrets = revealSecrets;
        this.retainHistory = retainHistory;
        this.types = types;
    }

    /** Decodes the next recorded frame; frames must come in session order. */
    public Decoded decode(RecordedFrame f) {
        return decode(f, null);
    }

    /** {@link #decode(RecordedFrame)}, handing {@code frozen} the state the frame was decoded with (see {@link ConnectionDecoder}). */
    public Decoded decode(RecordedFrame f, java.util.function.Consumer<ConnectionState> frozen) {
        return connections.computeIfAbsent(f.connectionId(),
                k -> new ConnectionDecoder(new Framer(Framer.DEFAULT_MAX_LENGTH, types), new ConnectionState(new Conversation(k, retainHistory)),
                        new Decoder(revealSecrets, types)))
                .decode(f.frame(), frozen);
    }

    /** The state of a connection seen so far (its conversation holds statements, portals and pairing). */
    public java.util.Optional<ConnectionState> state(int connectionId) {
        ConnectionDecoder d = connections.get(connectionId);
        return d == null ? java.util.Optional.empty() : java.util.Optional.of(d.state());
    }

    /** Each frame of {@code store}, decoded, in order. */
    public static void decodeAll(SessionStore store, boolean revealSecrets, java.util.function.BiConsumer<RecordedFrame, Decoded> sink) {
        SessionDecoder d = new SessionDecoder(revealSecrets);
        long n = store.frameCount();
        for (long i = 0; i < n; i++) {
            RecordedFrame f = store.frame(i);
            sink.accept(f, d.decode(f));
        }
    }
}
