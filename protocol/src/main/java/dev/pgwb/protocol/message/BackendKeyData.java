package dev.pgwb.protocol.message;

import java.util.Objects;

/** The key for cancelling queries: 4 bytes in 3.0, up to 256 in 3.2. Type byte {@code 'K'}. */
public record BackendKeyData(int processId, Bytes secretKey) implements BackendMessage {
    public BackendKeyData {
        Objects.requireNonNull(secretKey, "secretKey");
    }
}
