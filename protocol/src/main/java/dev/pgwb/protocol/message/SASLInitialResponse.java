package dev.pgwb.protocol.message;

import java.util.Objects;

/** The chosen SASL mechanism and the client-first-message; data is null when the length is -1. Type byte {@code 'p'}. */
public record SASLInitialResponse(String mechanism, Bytes data) implements AuthenticationResponse {
    public SASLInitialResponse {
        Objects.requireNonNull(mechanism, "mechanism");
    }
}
