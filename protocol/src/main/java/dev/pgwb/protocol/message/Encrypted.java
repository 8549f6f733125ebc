package dev.pgwb.protocol.message;

import java.util.Objects;

/**
 * An opaque TLS record or GSSAPI-encrypted packet, seen after encryption began: recorded, not decoded.
 *
 * @param tls   true for a TLS record, false for a GSSAPI packet
 * @param bytes the whole record, header included
 */
public record Encrypted(boolean tls, Bytes bytes) implements FrontendMessage, BackendMessage {
    public Encrypted {
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The TLS content type (20 ChangeCipherSpec, 21 Alert, 22 Handshake, 23 ApplicationData), or -1. */
    public int tlsContentType() {
        return tls && bytes.length() > 0 ? bytes.get(0) : -1;
    }
}
