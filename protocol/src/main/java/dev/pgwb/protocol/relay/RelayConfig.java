package dev.pgwb.protocol.relay;

import dev.pgwb.protocol.tls.SslMode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a relay listens and where it forwards.
 *
 * @param listenHost          address to listen on; loopback unless the user says otherwise
 * @param listenPort          port to listen on, 0 for any free one
 * @param upstreamHost        the real server's host
 * @param upstreamPort        the real server's port
 * @param tls                 what to do with a client's SSLRequest
 * @param upstreamTls         TLS toward the server, as libpq's sslmode (ignored in PASSTHROUGH, where the client's own TLS goes through)
 * @param upstreamRootCert    PEM root certificate to verify the server with under VERIFY_CA and VERIFY_FULL, or null for the JDK's trust store
 * @param connectTimeoutMillis how long to wait for the server's TCP connection
 */
public record RelayConfig(String listenHost, int listenPort, String upstreamHost, int upstreamPort, TlsMode tls,
                          SslMode upstreamTls, Path upstreamRootCert, int connectTimeoutMillis) {
    public static final String DEFAULT_LISTEN_HOST = "127.0.0.1";
    public static final int DEFAULT_LISTEN_PORT = 15432;

    public RelayConfig {
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(upstreamHost, "upstreamHost");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(upstreamTls, "upstreamTls");
    }

    /** Defaults: loopback, refuse TLS, plaintext upstream, 10 s connect timeout. */
    public static RelayConfig of(String listenHost, int listenPort, String upstreamHost, int upstreamPort) {
        return new RelayConfig(listenHost, listenPort, upstreamHost, upstreamPort, TlsMode.REFUSE, SslMode.DISABLE, null, 10_000);
    }

    public RelayConfig withTls(TlsMode mode) {
        return new RelayConfig(listenHost, listenPort, upstreamHost, upstreamPort, mode, upstreamTls, upstreamRootCert, connectTimeoutMillis);
    }

    public RelayConfig withUpstreamTls(SslMode mode, Path rootCert) {
        return new RelayConfig(listenHost, listenPort, upstreamHost, upstreamPort, tls, mode, rootCert, connectTimeoutMillis);
    }

    public String upstream() {
        return hostPort(upstreamHost, upstreamPort);
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
