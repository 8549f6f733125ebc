package dev.pgwb.protocol.message;

import java.util.Objects;

/** Aborts COPY FROM STDIN with an error message. Type byte {@code 'f'}. */
public record CopyFail(String message) implements FrontendMessage {
    public CopyFail {
        Objects.requireNonNull(message, "message");
    }
}
