package dev.pgwb.protocol.relay;

/** What the relay does when a client asks for TLS. */
public enum TlsMode {
    /** Answer 'N' to SSLRequest: sslmode=prefer clients go on in plaintext, sslmode=require ones stop with their own error. */
    REFUSE,
    /** Answer 'S' and do TLS with the client using a certificate from the workbench CA; record the plaintext. */
    TERMINATE,
    /** Forward SSLRequest and everything after it unchanged; record the encrypted part as opaque TLS records. */
    PASSTHROUGH
}
