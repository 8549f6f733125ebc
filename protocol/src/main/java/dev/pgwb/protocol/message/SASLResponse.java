package dev.pgwb.protocol.message;

import java.util.Objects;

/** A SASL message from the client, e.g. SCRAM client-final-message. Type byte {@code 'p'}. */
public record SASLResponse(Bytes data) implements AuthenticationResponse {
    public SASLResponse {
        Objects.requireNonNull(data, "data");
    }
}
