package dev.pgwb.protocol.message;

import java.util.Objects;

/** Closes a prepared statement ('S') or portal ('P'). Type byte {@code 'C'}. */
public record Close(char target, String name) implements FrontendMessage {
    public Close {
        Objects.requireNonNull(name, "name");
    }
}
