package dev.pgwb.protocol.message;

import java.util.List;

/**
 * The server supports an older minor protocol version and/or not these _pq_ options. The documentation
 * calls the first field the newest minor version; PostgreSQL 18 sends the whole version code there
 * ({@code 0x00030002} for 3.2), as captured in the test fixtures.
 * Type byte {@code 'v'}. */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions) implements BackendMessage {
    public NegotiateProtocolVersion {
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }
}
