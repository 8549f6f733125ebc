package dev.pgwb.protocol.tls;

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
 * TLS toward a PostgreSQL server, as the client of the handshake: what the composer's client and
 * the relay's leg to its server both do after the server accepted SSLRequest (or at once, for
 * direct TLS). The server is trusted as sslmode says: not checked ({@link #trustingAll}), or by its
 * chain ({@link #trusting}) and, for {@code verify-full}, its host name ({@link #handshake}). Callers
 * say in their own words what a {@link GeneralSecurityException} means to them.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /** sslmode {@code prefer}/{@code require}: encrypted, not authenticated, as libpq does it without a root certificate. */
    public static SSLContext trustingAll() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        return context;
    }

    /**
     * A context that checks the server's chain against the PEM certificates in {@code roots}, or
     * against the JDK's trusted roots when {@code roots} is null.
     */
    public static SSLContext trusting(Path roots) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (roots == null) {
            tmf.init((KeyStore) null);
        } else {
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
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    /**
     * The handshake over {@code plain}, offering ALPN {@code postgresql} (PostgreSQL 17+ requires it
     * for direct TLS); with {@code checkHostName} the certificate must name {@code host}, as verify-full
     * asks.
     */
    public static SSLSocket handshake(SSLContext context, Socket plain, String host, int port, boolean checkHostName)
            throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        ssl.setUseClientMode(true);
        SSLParameters p = ssl.getSSLParameters();
        p.setApplicationProtocols(new String[] {"postgresql"});
        if (checkHostName) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

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
