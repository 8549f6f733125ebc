package dev.pgwb.protocol.message;

import java.util.List;

/** SASL authentication is required, with the mechanisms in preference order (code 10). Type byte {@code 'R'}. */
public record AuthenticationSASL(List<String> mechanisms) implements Authentication {
    public AuthenticationSASL {
        mechanisms = List.copyOf(mechanisms);
    }
}
