package dev.pgwb.protocol.message;

import java.util.Objects;

/** One name/value pair of a StartupMessage, such as {@code user} or {@code client_encoding}. */
public record StartupParameter(String name, String value) {
    public StartupParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
