package dev.pgwb.protocol.message;

/** The server's one-byte answer to SSLRequest: 'S' (go ahead with TLS) or 'N'. */
public record SSLResponse(char answer) implements BackendMessage {
}
