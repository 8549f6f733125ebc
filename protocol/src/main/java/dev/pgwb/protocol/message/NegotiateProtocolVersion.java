package dev.pgwb.protocol.message;

import java.util.List;

/** The server supports an older minor protocol version and/or not these _pq_ options. Type byte {@code 'v'}. */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions) implements BackendMessage {
    public NegotiateProtocolVersion {
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }
}
