package dev.pgwb.protocol.message;

import java.util.Objects;

/** An MD5-hashed password is required, with this 4-byte salt (code 5). Type byte {@code 'R'}. */
public record AuthenticationMD5Password(Bytes salt) implements Authentication {
    public AuthenticationMD5Password {
        Objects.requireNonNull(salt, "salt");
    }
}
