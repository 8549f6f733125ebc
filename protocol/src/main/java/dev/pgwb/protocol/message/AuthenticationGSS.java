package dev.pgwb.protocol.message;

/** GSSAPI authentication is required (code 7). Type byte {@code 'R'}. */
public record AuthenticationGSS() implements Authentication {
}
