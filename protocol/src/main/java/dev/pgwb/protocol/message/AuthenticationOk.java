package dev.pgwb.protocol.message;

/** Authentication succeeded (code 0). Type byte {@code 'R'}. */
public record AuthenticationOk() implements Authentication {
}
