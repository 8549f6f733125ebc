package dev.pgwb.protocol.message;

/** The server's one-byte answer to GSSENCRequest: 'G' (go ahead) or 'N'. */
public record GSSENCResponse(char answer) implements BackendMessage {
}
