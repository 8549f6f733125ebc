package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.BackendMessage;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.wire.Direction;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One message type of the protocol, described once: its record, its name, the part of the
 * protocol it belongs to, how it is framed (type byte, start-up request code, one-byte answer),
 * and how its body is read and written. {@link MessageTypes} holds them all; the framer's and the
 * capture recogniser's type bytes, the decoder's dispatch, the encoder, the name tables, the filter
 * and the window's colours all read it there.
 *
 * <p>A type byte can announce several types: {@code 'R'} the ten Authentication requests, {@code 'p'}
 * the password and SASL/GSS answers, {@code 'd'} CopyData and the replication messages it carries.
 * They share one {@link Reader}, which reads the body into whichever of them it is.
 */
public final class MessageType {

    /** The part of the protocol a message belongs to; the window colours by it. */
    public enum Family {
        /** start-up, encryption requests, authentication, session parameters, cancel and termination */
        STARTUP_AUTH,
        SIMPLE_QUERY,
        EXTENDED_QUERY,
        /** row descriptions, rows, command tags, ReadyForQuery, a function call's result */
        RESULTS,
        COPY,
        /** streaming replication messages carried in CopyData */
        REPLICATION,
        ERROR_NOTICE,
        /** notifications and function calls */
        ASYNC,
        /** frames that are no message of the protocol: unknown, malformed, encrypted */
        OTHER
    }

    /** How a message is cut from the stream. */
    public enum Framing {
        /** a type byte, an Int32 length, the body */
        TYPED,
        /** start-up phase: an Int32 length, then a request code (or the protocol version), no type byte */
        STARTUP,
        /** the server's one-byte answer to an SSLRequest or GSSENCRequest, told apart by the connection's state */
        ANSWER,
        /** not a message of the protocol: bytes that could not be read as one */
        NONE
    }

    /** Reads a body, the reader placed after the length; throws {@link FieldReader.Truncated} past the frame's end. */
    @FunctionalInterface
    interface BodyDecoder {
        Message decode(BodyContext c);
    }

    /** Writes a message's body after the header its framing gives (type byte and length placeholder). */
    @FunctionalInterface
    interface BodyEncoder<M extends Message> {
        void encode(M message, MessageWriter w);
    }

    /**
     * What one type byte (or one start-up request code) announces, in the directions that send it:
     * its name as the documentation gives it, the length its format fixes, and the decoder that reads
     * the body into one of the types sharing it.
     */
    public static final class Reader {
        /** The request code of the StartupMessage reader: any code that no other start-up reader claims. */
        public static final int ANY_CODE = Integer.MIN_VALUE;

        private final String name;
        private final Set<Direction> directions;
        private final Framing framing;
        private final int code;
        private final int fixedLength;
        private final BodyDecoder decoder;

        private Reader(String name, Set<Direction> directions, Framing framing, int code, int fixedLength, BodyDecoder decoder) {
            this.name = Objects.requireNonNull(name, "name");
            this.directions = Set.copyOf(directions);
            this.framing = framing;
            this.code = code;
            this.fixedLength = fixedLength;
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            if (framing == Framing.TYPED && (code < 0 || code > 0xff)) {
                throw new IllegalArgumentException(name + ": a type byte is 0 to 255, not " + code);
            }
        }

        /** A type byte sent by {@code directions}; {@code fixedLength} the Int32 length its format fixes, 0 when it varies. */
        static Reader typed(int typeByte, String name, int fixedLength, BodyDecoder decoder, Direction... directions) {
            return new Reader(name, EnumSet.of(directions[0], directions), Framing.TYPED, typeByte, fixedLength, decoder);
        }

        /** A start-up packet told apart by the Int32 after its length ({@link #ANY_CODE} for StartupMessage). */
        static Reader startup(int requestCode, String name, BodyDecoder decoder) {
            return new Reader(name, EnumSet.of(Direction.FRONTEND), Framing.STARTUP, requestCode, 0, decoder);
        }

        /** The documentation's name of what this type byte announces, e.g. {@code Authentication}. */
        public String name() {
            return name;
        }

        public Set<Direction> directions() {
            return directions;
        }

        public Framing framing() {
            return framing;
        }

        /** The type byte ({@link Framing#TYPED}) or the request code ({@link Framing#STARTUP}). */
        public int code() {
            return code;
        }

        /** The Int32 length the format fixes (4 for Sync, 5 for ReadyForQuery), 0 when it varies. */
        public int fixedLength() {
            return fixedLength;
        }

        BodyDecoder decoder() {
            return decoder;
        }

        @Override
        public String toString() {
            return framing == Framing.TYPED ? MessageTypes.typeChar(code) + " " + name : name;
        }
    }

    private final Class<? extends Message> record;
    private final Family family;
    private final Framing framing;
    private final Reader reader;
    private final BodyEncoder<Message> encoder;

    @SuppressWarnings("unchecked")
    private <M extends Message> MessageType(Class<M> record, Family family, Framing framing, Reader reader, BodyEncoder<? super M> encoder) {
        this.record = Objects.requireNonNull(record, "record");
        this.family = Objects.requireNonNull(family, "family");
        this.framing = framing;
        this.reader = reader;
        this.encoder = (BodyEncoder<Message>) Objects.requireNonNull(encoder, "encoder");
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record.getSimpleName() + " is not a message record");
        }
        if (reader != null && reader.directions().stream().noneMatch(this::sentBy)) {
            throw new IllegalArgumentException(reader + " is read from the " + reader.directions() + " but "
                    + record.getSimpleName() + " is sent by neither");
        }
    }

    /** A type with a type byte of its own: the reader is made here, named after the record. */
    static <M extends Message> MessageType typed(int typeByte, Class<M> record, Family family, BodyDecoder decoder,
            BodyEncoder<? super M> encoder) {
        return new MessageType(record, family, Framing.TYPED,
                Reader.typed(typeByte, record.getSimpleName(), 0, decoder, directionsOf(record)), encoder);
    }

    /** A type without a body: its length is fixed at 4, and the decoder only makes the record. */
    static <M extends Message> MessageType empty(int typeByte, Supplier<M> make, Family family) {
        @SuppressWarnings("unchecked")
        Class<M> record = (Class<M>) make.get().getClass();
        return new MessageType(record, family, Framing.TYPED,
                Reader.typed(typeByte, record.getSimpleName(), 4, c -> make.get(), directionsOf(record)), (m, w) -> { });
    }

    /** A type that shares its type byte or request code with others: the reader decides which it is. */
    static <M extends Message> MessageType sharing(Reader reader, Class<M> record, Family family, BodyEncoder<? super M> encoder) {
        return new MessageType(record, family, reader.framing(), reader, encoder);
    }

    /** A start-up packet with a request code of its own (or {@link Reader#ANY_CODE}); its encoder writes the code. */
    static <M extends Message> MessageType startup(int requestCode, Class<M> record, BodyDecoder decoder, BodyEncoder<? super M> encoder) {
        return sharing(Reader.startup(requestCode, record.getSimpleName(), decoder), record, Family.STARTUP_AUTH, encoder);
    }

    /** A one-byte answer during the start-up, read by the decoder from the connection's state. */
    static <M extends Message> MessageType answer(Class<M> record, BodyEncoder<? super M> encoder) {
        return new MessageType(record, Family.STARTUP_AUTH, Framing.ANSWER, null, encoder);
    }

    /** A stand-in for bytes that are no message of the protocol; the encoder gives them back as they came. */
    static <M extends Message> MessageType standIn(Class<M> record, BodyEncoder<? super M> encoder) {
        return new MessageType(record, Family.OTHER, Framing.NONE, null, encoder);
    }

    private static Direction[] directionsOf(Class<?> record) {
        boolean f = FrontendMessage.class.isAssignableFrom(record);
        boolean b = BackendMessage.class.isAssignableFrom(record);
        return f && b ? new Direction[] {Direction.FRONTEND, Direction.BACKEND}
                : new Direction[] {f ? Direction.FRONTEND : Direction.BACKEND};
    }

    /** The documentation's name, which is the record's name and {@link Message#typeName()}. */
    public String name() {
        return record.getSimpleName();
    }

    public Class<? extends Message> record() {
        return record;
    }

    public Family family() {
        return family;
    }

    public Framing framing() {
        return framing;
    }

    /** The reader of its type byte or request code; null for one-byte answers and stand-ins. */
    public Reader reader() {
        return reader;
    }

    /** The type byte, or -1 when it has none of its own (start-up packets, answers, stand-ins). */
    public int typeByte() {
        return framing == Framing.TYPED ? reader.code() : -1;
    }

    /** Whether {@code direction} sends messages of this type. */
    public boolean sentBy(Direction direction) {
        return (direction == Direction.FRONTEND ? FrontendMessage.class : BackendMessage.class).isAssignableFrom(record);
    }

    byte[] encode(Message m, java.nio.charset.Charset charset) {
        MessageWriter w = switch (framing) {
            case TYPED -> new MessageWriter(reader.code(), charset);
            case STARTUP -> new MessageWriter(-1, charset);
            case ANSWER, NONE -> MessageWriter.unframed(charset);
        };
        encoder.encode(record.cast(m), w);
        return w.finish();
    }

    @Override
    public String toString() {
        return name() + (reader == null ? "" : " (" + reader + ")") + " " + family;
    }
}
