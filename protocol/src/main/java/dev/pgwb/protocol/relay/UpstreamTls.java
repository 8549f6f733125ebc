package dev.pgwb.protocol.relay;

/** TLS from the relay to the server, named like libpq's sslmode. */
public enum UpstreamTls {
    /** Plaintext to the server. */
    DISABLE,
    /** TLS if the server agrees, else plaintext. */
    PREFER,
    /** TLS without verifying the server's certificate. */
    REQUIRE,
    /** TLS, the server's certificate verified against a root certificate and the host name. */
    VERIFY_FULL
}
