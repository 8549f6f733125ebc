package dev.pgwb.protocol.message;

import java.util.Objects;

/** One field of an ErrorResponse or NoticeResponse: a code byte ({@code S}, {@code C}, {@code M}, ...) and its text. */
public record NoticeField(char code, String value) {
    public NoticeField {
        Objects.requireNonNull(value, "value");
    }
}
