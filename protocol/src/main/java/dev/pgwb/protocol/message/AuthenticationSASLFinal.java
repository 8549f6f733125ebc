package dev.pgwb.protocol.message;

import java.util.Objects;

/** SASL outcome data, e.g. SCRAM server-final-message (code 12). Type byte {@code 'R'}. */
public record AuthenticationSASLFinal(Bytes data) implements Authentication {
    public AuthenticationSASLFinal {
        Objects.requireNonNull(data, "data");
    }
}
