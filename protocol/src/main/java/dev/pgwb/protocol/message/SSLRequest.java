package dev.pgwb.protocol.message;

/** Asks the server to start TLS (code 80877103). No type byte (startup phase). */
public record SSLRequest() implements FrontendMessage {
}
