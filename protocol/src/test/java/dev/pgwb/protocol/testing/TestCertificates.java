package dev.pgwb.protocol.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority and a server certificate for {@code localhost} / 127.0.0.1,
 * made fresh in each test run with Bouncy Castle and written as PEM files the way PostgreSQL wants
 * them (the key readable by its owner only, or the server refuses to load it).
 *
 * <p>EC P-256 keys: quick to make, and they keep the TLS records in captured traces small.
 *
 * @param directory         where the files are
 * @param caCertificatePath the CA certificate (for {@code ssl_ca_file} and pgJDBC's {@code sslrootcert})
 * @param serverCertificatePath the server certificate (for {@code ssl_cert_file})
 * @param serverKeyPath     the server's private key in PKCS#8 PEM, mode 0600 (for {@code ssl_key_file})
 * @param caCertificate     the CA certificate, for Java trust stores
 */
public record TestCertificates(Path directory, Path caCertificatePath, Path serverCertificatePath, Path serverKeyPath,
                               X509Certificate caCertificate) {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Makes a CA and a server certificate signed by it, and writes {@code ca.crt}, {@code server.crt}, {@code server.key} into {@code directory}. */
    public static TestCertificates write(Path directory) {
        try {
            Files.createDirectories(directory);
            KeyPair caKeys = newKeyPair();
            X500Name caName = new X500Name("CN=PG Wire Workbench test CA");
            X509Certificate ca = caCertificate(caName, caKeys);
            KeyPair serverKeys = newKeyPair();
            X509Certificate server = serverCertificate(caName, caKeys.getPrivate(), ca, serverKeys);

            TestCertificates files = new TestCertificates(directory, directory.resolve("ca.crt"),
                    directory.resolve("server.crt"), directory.resolve("server.key"), ca);
            Files.writeString(files.caCertificatePath, pem(ca));
            Files.writeString(files.serverCertificatePath, pem(server));
            Files.deleteIfExists(files.serverKeyPath);
            Files.createFile(files.serverKeyPath, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(files.serverKeyPath, pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write test certificates to " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not make test certificates", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate caCertificate(X500Name name, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    private static X509Certificate serverCertificate(X500Name issuer, PrivateKey caKey, X509Certificate ca, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        GeneralNames san = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        });
        X509v3CertificateBuilder b = builder(issuer, new X500Name("CN=localhost"), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, san)
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        return sign(b, caKey);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
