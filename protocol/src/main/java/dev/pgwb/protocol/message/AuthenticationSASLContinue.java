package dev.pgwb.protocol.message;

import java.util.Objects;

/** A SASL challenge, e.g. SCRAM server-first-message (code 11). Type byte {@code 'R'}. */
public record AuthenticationSASLContinue(Bytes data) implements Authentication {
    public AuthenticationSASLContinue {
        Objects.requireNonNull(data, "data");
    }
}
