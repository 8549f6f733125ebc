package dev.pgwb.protocol.relay;

import dev.pgwb.protocol.tls.ServerTls;
import dev.pgwb.protocol.tls.SslMode;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** TLS from the relay to the server, after the server accepted the relay's SSLRequest. */
final class UpstreamTlsSockets {
    private final SSLContext context;

    UpstreamTlsSockets(RelayConfig config) throws IOException {
        try {
            context = config.upstreamTls().verifiesChain() ? ServerTls.trusting(config.upstreamRootCert()) : ServerTls.trustingAll();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to the server: " + e.getMessage(), e);
        }
    }

    SSLSocket wrap(Socket plain, RelayConfig config) throws IOException {
        return ServerTls.handshake(context, plain, config.upstreamHost(), config.upstreamPort(),
                config.upstreamTls() == SslMode.VERIFY_FULL);
    }
}
