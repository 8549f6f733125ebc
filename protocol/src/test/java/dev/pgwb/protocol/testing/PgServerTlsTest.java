package dev.pgwb.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class PgServerTlsTest {

    @Test
    void certificatesAreForLocalhostAndTheKeyIsPrivate(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.write(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.serverKeyPath()))).isEqualTo("rw-------");
        X509Certificate server = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certs.serverCertificatePath())));
        server.verify(certs.caCertificate().getPublicKey());
        assertThat(server.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(certs.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void verifyFullConnectionIsEncrypted(PgServer pg) throws Exception {
        Path ca = pg.enableTls();
        try {
            for (String host : List.of("localhost", "127.0.0.1")) {
                try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + pg.port() + "/postgres?sslmode=verify-full&sslrootcert=" + ca,
                        user(pg));
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean("ssl")).as("ssl via " + host).isTrue();
                    assertThat(rs.getString("version")).startsWith("TLSv1.");
                }
            }
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void afterDisableTheServerRefusesTls(PgServer pg) throws Exception {
        pg.enableTls();
        pg.disableTls();

        Properties p = user(pg);
        p.setProperty("sslmode", "require");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), p).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("does not support SSL");
    }

    private static Properties user(PgServer pg) {
        Properties p = new Properties();
        p.setProperty("user", PgServer.SUPERUSER);
        return p;
    }
}
