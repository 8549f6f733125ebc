package dev.pgwb.protocol.message;

import java.util.Objects;

/** GSSAPI or SSPI data from the server (code 8). Type byte {@code 'R'}. */
public record AuthenticationGSSContinue(Bytes data) implements Authentication {
    public AuthenticationGSSContinue {
        Objects.requireNonNull(data, "data");
    }
}
