package dev.pgwb.protocol.message;

import java.util.Objects;

/** The value of a run-time parameter the client should know about (client_encoding, TimeZone, ...). Type byte {@code 'S'}. */
public record ParameterStatus(String name, String value) implements BackendMessage {
    public ParameterStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
