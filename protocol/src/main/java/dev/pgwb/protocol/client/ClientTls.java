package dev.pgwb.protocol.client;

import dev.pgwb.protocol.tls.ServerTls;
import dev.pgwb.protocol.tls.SslMode;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The client side of TLS as libpq's sslmode defines it: {@code require} encrypts without checking
 * the server; {@code verify-ca} checks the chain against the root certificates; {@code verify-full}
 * also checks the host name against the certificate. ALPN {@code postgresql} is always offered
 * (PostgreSQL 17+ requires it for direct TLS).
 */
final class ClientTls {
    private ClientTls() {
    }

    static SSLSocket handshake(Socket plain, ConnectionSettings s, Path home) throws IOException {
        return ServerTls.handshake(context(s, home), plain, s.host(), s.port(), s.sslMode() == SslMode.VERIFY_FULL);
    }

    private static SSLContext context(ConnectionSettings s, Path home) throws IOException {
        try {
            if (!s.sslMode().verifiesChain()) {
                return ServerTls.trustingAll();
            }
            if ("system".equals(s.sslRootCert())) {
                return ServerTls.trusting(null);
            }
            Path roots = s.sslRootCert() != null ? Path.of(s.sslRootCert())
                    : home == null ? null : home.resolve(".postgresql").resolve("root.crt");
            if (roots == null || !Files.isRegularFile(roots)) {
                throw new IOException("root certificate file \"" + roots + "\" does not exist; either provide the file, "
                        + "use the system's trusted roots (sslrootcert=system), or change sslmode to disable server "
                        + "certificate verification");
            }
            return ServerTls.trusting(roots);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
