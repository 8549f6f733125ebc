package dev.pgwb.protocol.message;

import java.util.Objects;

/** A chunk of COPY data (or of a replication stream when not decoded further). Type byte {@code 'd'}. */
public record CopyData(Bytes data) implements FrontendMessage, BackendMessage {
    public CopyData {
        Objects.requireNonNull(data, "data");
    }
}
