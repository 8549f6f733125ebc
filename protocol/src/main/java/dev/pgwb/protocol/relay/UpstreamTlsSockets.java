package dev.pgwb.protocol.relay;

import dev.pgwb.protocol.tls.SslMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
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

/** TLS from the relay to the server, after the server accepted the relay's SSLRequest. */
final class UpstreamTlsSockets {
    private final SSLContext verifying;
    private final SSLContext trustingAll;

    UpstreamTlsSockets(RelayConfig config) throws IOException {
        try {
            trustingAll = SSLContext.getInstance("TLS");
            trustingAll.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            if (config.upstreamTls().verifiesChain()) {
                verifying = SSLContext.getInstance("TLS");
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                if (config.upstreamRootCert() != null) {
                    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(null, null);
                    try (InputStream in = Files.newInputStream(config.upstreamRootCert())) {
                        int i = 0;
                        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                            ks.setCertificateEntry("root-" + i++, c);
                        }
                        if (i == 0) {
                            throw new IOException(config.upstreamRootCert() + " holds no certificate");
                        }
                    }
                    tmf.init(ks);
                } else {
                    tmf.init((KeyStore) null);
                }
                verifying.init(null, tmf.getTrustManagers(), new SecureRandom());
            } else {
                verifying = null;
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to the server: " + e.getMessage(), e);
        }
    }

    SSLSocket wrap(Socket plain, RelayConfig config) throws IOException {
        boolean verify = config.upstreamTls() == SslMode.VERIFY_FULL;
        SSLSocket ssl = (SSLSocket) (config.upstreamTls().verifiesChain() ? verifying : trustingAll).getSocketFactory()
                .createSocket(plain, config.upstreamHost(), config.upstreamPort(), true);
        ssl.setUseClientMode(true);
        SSLParameters p = ssl.getSSLParameters();
        p.setApplicationProtocols(new String[] {"postgresql"});
        if (verify) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // host name checked against the certificate, as verify-full does
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    /** sslmode=require: encrypted, not authenticated, as libpq does it. */
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
