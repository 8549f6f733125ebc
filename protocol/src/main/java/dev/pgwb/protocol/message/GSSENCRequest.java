package dev.pgwb.protocol.message;

/** Asks the server to start GSSAPI encryption (code 80877104). No type byte (startup phase). */
public record GSSENCRequest() implements FrontendMessage {
}
