package dev.pgwb.protocol.message;

/** SSPI authentication is required (code 9). Type byte {@code 'R'}. */
public record AuthenticationSSPI() implements Authentication {
}
