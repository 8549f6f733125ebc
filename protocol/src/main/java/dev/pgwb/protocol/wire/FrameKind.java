package dev.pgwb.protocol.wire;

/** How the framer cut a frame out of the stream; says nothing about the body. */
public enum FrameKind {
    /** {@code type byte + int32 length + body}: every message after startup. */
    TYPED,
    /** {@code int32 length + int32 code + body}: StartupMessage, SSLRequest, GSSENCRequest, CancelRequest. */
    UNTYPED,
    /** The server's one-byte answer to SSLRequest ({@code S}/{@code N}) or GSSENCRequest ({@code G}/{@code N}). */
    SINGLE_BYTE,
    /** One TLS record (5-byte header + payload) after SSL was accepted, or from a direct-TLS start. */
    TLS_RECORD,
    /** One GSSAPI-encrypted packet (int32 length + token) after GSSENCRequest was accepted. */
    GSS_PACKET,
    /** A header whose length cannot be right; everything after it in this direction is {@link #RAW}. */
    MALFORMED,
    /** Bytes after a malformed header, or an incomplete tail at end of stream: kept, not interpreted. */
    RAW
}
