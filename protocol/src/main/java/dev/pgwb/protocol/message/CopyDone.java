package dev.pgwb.protocol.message;

/** End of COPY data. Type byte {@code 'c'}. */
public record CopyDone() implements FrontendMessage, BackendMessage {
}
