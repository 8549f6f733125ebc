package dev.pgwb.protocol.message;

import java.util.Objects;

/** A GSSAPI or SSPI token from the client. Type byte {@code 'p'}. */
public record GSSResponse(Bytes data) implements AuthenticationResponse {
    public GSSResponse {
        Objects.requireNonNull(data, "data");
    }
}
