package dev.pgwb.protocol.message;

/** A cleartext password is required (code 3). Type byte {@code 'R'}. */
public record AuthenticationCleartextPassword() implements Authentication {
}
