package dev.pgwb.protocol.client;

import dev.pgwb.protocol.tls.SslMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

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
        SSLContext context = context(s, home);
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, s.host(), s.port(), true);
        ssl.setUseClientMode(true);
        SSLParameters p = ssl.getSSLParameters();
        p.setApplicationProtocols(new String[] {"postgresql"});
        if (s.sslMode() == SslMode.VERIFY_FULL) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must match the certificate, as verify-full does
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static SSLContext context(ConnectionSettings s, Path home) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (!s.sslMode().verifiesChain()) {
                context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
                return context;
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if ("system".equals(s.sslRootCert())) {
                tmf.init((KeyStore) null);
            } else {
                Path roots = s.sslRootCert() != null ? Path.of(s.sslRootCert())
                        : home == null ? null : home.resolve(".postgresql").resolve("root.crt");
                if (roots == null || !Files.isRegularFile(roots)) {
                    throw new IOException("root certificate file \"" + roots + "\" does not exist; either provide the file, "
                            + "use the system's trusted roots (sslrootcert=system), or change sslmode to disable server "
                            + "certificate verification");
                }
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(roots)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("root-" + i++, c);
                    }
                    if (i == 0) {
                        throw new IOException(roots + " holds no certificate");
                    }
                }
                tmf.init(ks);
            }
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** sslmode require/prefer: encrypted, not authenticated, as libpq does it without a root certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
