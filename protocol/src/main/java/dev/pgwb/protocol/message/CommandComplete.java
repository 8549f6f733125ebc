package dev.pgwb.protocol.message;

import java.util.Objects;

/** A command finished; the tag says which and how many rows, e.g. "INSERT 0 1". Type byte {@code 'C'}. */
public record CommandComplete(String tag) implements BackendMessage {
    public CommandComplete {
        Objects.requireNonNull(tag, "tag");
    }
}
