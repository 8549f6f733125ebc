package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.tls.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnInfoTest {

    @Test
    void uriWithEverything() {
        ConnectionSettings s = ConnInfo.resolve("postgresql://al%40ice:p%3Ass@[::1]:6543/my%20db?sslmode=verify-full"
                + "&sslrootcert=/tmp/ca.pem&application_name=pgwb&_pq_.opt=v&max_protocol_version=3.2&sslnegotiation=direct",
                Map.of(), null);
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.user()).isEqualTo("al@ice");
        assertThat(s.password()).isEqualTo("p:ss");
        assertThat(s.database()).isEqualTo("my db");
        assertThat(s.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(s.sslNegotiation()).isEqualTo(SslNegotiation.DIRECT);
        assertThat(s.sslRootCert()).isEqualTo("/tmp/ca.pem");
        assertThat(s.protocolVersion()).isEqualTo(ConnectionSettings.PROTOCOL_3_2);
        assertThat(s.startupParameters()).containsExactly(Map.entry("application_name", "pgwb"), Map.entry("_pq_.opt", "v"));
        assertThat(s.address()).isEqualTo("[::1]:6543");
        assertThat(s.toString()).doesNotContain("p:ss");
    }

    @Test
    void keywordValueWithQuotesAndUnixSocket() {
        ConnectionSettings s = ConnInfo.resolve("host=/var/run/postgresql port = 5433 user='o\\'brien' dbname='a b' sslmode=disable",
                Map.of(), null);
        assertThat(s.isUnixSocket()).isTrue();
        assertThat(s.socketFile()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5433"));
        assertThat(s.user()).isEqualTo("o'brien");
        assertThat(s.database()).isEqualTo("a b");
    }

    @Test
    void environmentFillsWhatTheStringLeavesOut() {
        Map<String, String> env = Map.of("PGHOST", "db.example", "PGPORT", "7000", "PGUSER", "env_user", "PGDATABASE", "env_db",
                "PGPASSWORD", "env_pw", "PGSSLMODE", "require");
        ConnectionSettings s = ConnInfo.resolve("port=7001", env, null);
        assertThat(s.host()).isEqualTo("db.example");
        assertThat(s.port()).isEqualTo(7001);
        assertThat(s.user()).isEqualTo("env_user");
        assertThat(s.database()).isEqualTo("env_db");
        assertThat(s.password()).isEqualTo("env_pw");
        assertThat(s.sslMode()).isEqualTo(SslMode.REQUIRE);
    }

    @Test
    void defaultsAsLibpq() {
        ConnectionSettings s = ConnInfo.resolve("user=bob", Map.of(), null);
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(5432);
        assertThat(s.database()).isEqualTo("bob");
        assertThat(s.sslMode()).isEqualTo(SslMode.PREFER);
        assertThat(s.protocolVersion()).isEqualTo(ConnectionSettings.PROTOCOL_3_0);
    }

    @Test
    void pgpassWithWildcardsAndEscapes(@TempDir Path home) throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, """
                # comment
                otherhost:5432:*:bob:nope
                localhost:5432:*:bob:pa\\:ss\\\\word
                *:*:*:*:fallback
                """);
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertThat(ConnInfo.resolve("host=localhost user=bob", Map.of(), home).password()).isEqualTo("pa:ss\\word");
        assertThat(ConnInfo.resolve("host=/tmp user=bob", Map.of(), home).password()).as("a socket matches localhost")
                .isEqualTo("pa:ss\\word");
        assertThat(ConnInfo.resolve("host=elsewhere user=carol", Map.of(), home).password()).isEqualTo("fallback");
        assertThat(ConnInfo.resolve("host=localhost user=bob password=given", Map.of(), home).password()).isEqualTo("given");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConnInfo.resolve("host=localhost user=bob", Map.of(), home).password()).as("ignored when others may read it")
                .isNull();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ConnInfo.resolve("hots=x", Map.of(), null)).hasMessage("invalid connection option \"hots\"");
        assertThatThrownBy(() -> ConnInfo.resolve("host x", Map.of(), null)).hasMessageContaining("missing \"=\" after \"host\"");
        assertThatThrownBy(() -> ConnInfo.resolve("sslmode=sometimes", Map.of(), null)).hasMessageContaining("invalid sslmode value");
        assertThatThrownBy(() -> ConnInfo.resolve("port=99999", Map.of(), null)).hasMessageContaining("invalid port number");
        assertThatThrownBy(() -> ConnInfo.resolve("postgresql://[::1/db", Map.of(), null)).hasMessageContaining("missing \"]\"");
        assertThatThrownBy(() -> ConnInfo.resolve("sslnegotiation=direct", Map.of(), null)).hasMessageContaining("needs sslmode");
    }
}
