package dev.pgwb.protocol.message;

import java.util.Objects;

/** Asks for a description of a prepared statement ('S') or portal ('P'). Type byte {@code 'D'}. */
public record Describe(char target, String name) implements FrontendMessage {
    public Describe {
        Objects.requireNonNull(name, "name");
    }
}
