package dev.pgwb.protocol.message;

import java.util.Objects;

/** A cleartext or MD5-hashed password, answering AuthenticationCleartextPassword or AuthenticationMD5Password. Type byte {@code 'p'}. */
public record PasswordMessage(String password) implements AuthenticationResponse {
    public PasswordMessage {
        Objects.requireNonNull(password, "password");
    }
}
