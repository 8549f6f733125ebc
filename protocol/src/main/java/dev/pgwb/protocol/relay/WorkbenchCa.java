package dev.pgwb.protocol.relay;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The workbench's own certificate authority, used by the relay's {@code --tls terminate} mode to
 * present a certificate for its listen address that clients can verify ({@code sslmode=verify-full}
 * with {@code sslrootcert} set to the exported CA). Generated on first use with Bouncy Castle,
 * kept in the user's config directory with owner-only permissions.
 */
public final class WorkbenchCa {
    static final String CERT_FILE = "workbench-ca.crt";
    static final String KEY_FILE = "workbench-ca.key";

    private final Path directory;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private WorkbenchCa(Path directory, X509Certificate certificate, PrivateKey key) {
        this.directory = directory;
        this.certificate = certificate;
        this.key = key;
    }

    /** The CA in {@code <config dir>/ca}, created there on first use. */
    public static WorkbenchCa loadOrCreate() {
        return loadOrCreate(UserConfigDirectory.get().resolve("ca"));
    }

    public static synchronized WorkbenchCa loadOrCreate(Path directory) {
        try {
            Path cert = directory.resolve(CERT_FILE);
            Path keyFile = directory.resolve(KEY_FILE);
            if (Files.isRegularFile(cert) && Files.isRegularFile(keyFile)) {
                return new WorkbenchCa(directory, readCertificate(cert), readKey(keyFile));
            }
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=PG Wire Workbench local CA (" + System.getProperty("user.name", "user") + "),O=PG Wire Workbench");
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate ca = sign(b, pair.getPrivate());
            createPrivateDirectory(directory);
            writePrivate(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            Path tmp = directory.resolve(CERT_FILE + ".tmp");
            Files.writeString(tmp, pem(ca));
            Files.move(tmp, cert, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new WorkbenchCa(directory, ca, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the workbench CA in " + directory + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the workbench CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate file (PEM), for {@code sslrootcert}. */
    public Path certificateFile() {
        return directory.resolve(CERT_FILE);
    }

    /** Copies the CA certificate (never the key) to {@code target}, as PEM. */
    public void exportCertificate(Path target) throws IOException {
        Files.writeString(target, pem(certificate));
    }

    /**
     * A server TLS context presenting a fresh certificate, signed by this CA, for {@code hostNames}
     * (DNS names or IP addresses; localhost and 127.0.0.1 / ::1 are always included).
     */
    public SSLContext serverContext(List<String> hostNames) {
        try {
            KeyPair pair = newKeyPair();
            Set<String> names = new LinkedHashSet<>(hostNames);
            names.add("localhost");
            names.add("127.0.0.1");
            names.add("::1");
            List<GeneralName> san = new ArrayList<>();
            for (String n : names) {
                san.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            String cn = hostNames.isEmpty() ? "localhost" : hostNames.get(0);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(397))),
                    new X500Name("CN=" + cn.replace(",", "\\,") + ",O=PG Wire Workbench relay"), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            X509Certificate leaf = sign(b, key);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("relay", pair.getPrivate(), pw, new Certificate[] {leaf, certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the relay certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String n) {
        return n.matches("[0-9.]+") || n.contains(":");
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static X509Certificate readCertificate(Path p) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(p))) {
            Object o = parser.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new IOException(p + " does not hold a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(h);
        }
    }

    private static PrivateKey readKey(Path p) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(p))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new IOException(p + " does not hold a PEM private key");
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user profile directory is private already
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
