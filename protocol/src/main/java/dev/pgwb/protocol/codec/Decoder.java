package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.wire.Frame;
import java.util.List;

/** Placeholder until the real decoder lands (same commit series). */
public final class Decoder {
    public Decoded decode(Frame frame, ConnectionState state) {
        return new Decoded(frame, new Unknown(frame.typeByte(), Bytes.of(frame.bytes())), "Unknown", List.of(), List.of());
    }
}
