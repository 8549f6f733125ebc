package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.TypeBytes;

/**
 * The standard registry's type bytes as the {@link TypeBytes} service, which is how the framer
 * ({@code wire}, below this package) reads them: named in {@code META-INF/services}.
 */
public final class StandardMessageTypes implements TypeBytes {

    /** Made by {@link java.util.ServiceLoader}. */
    public StandardMessageTypes() {
    }

    @Override
    public int fixedLength(Direction direction, int type) {
        return MessageTypes.standard().fixedLength(direction, type);
    }
}
