package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.SSLResponse;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.tls.SslMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wire client logs in by itself with each password method the server can ask for, and over TLS. */
@ExtendWith(PostgresExtension.class)
class WireClientLoginTest {

    private static final String USER = "pgwb_client_login";
    private static final String PASSWORD = "s3cret wörd";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @BeforeAll
    static void role(PgServer pg) {
        pg.execute("DROP ROLE IF EXISTS " + USER, "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    }

    @Test
    void scramSha256(PgServer pg) throws Exception {
        assertThat(loginAndAsk(pg, "scram-sha-256", settings(pg).withPassword(PASSWORD)))
                .isEqualTo("scram-sha-256:" + USER);
    }

    @Test
    void md5(PgServer pg) throws Exception {
        // pg_hba md5 with a SCRAM verifier would silently use SCRAM; an MD5 verifier makes the server ask for MD5
        pg.execute("SET password_encryption = 'md5'", "DROP ROLE IF EXISTS pgwb_client_md5",
                "SET password_encryption = 'md5'; CREATE ROLE pgwb_client_md5 LOGIN PASSWORD 'md5 pw'");
        ConnectionSettings s = settings(pg).withLogin("pgwb_client_md5", "postgres").withPassword("md5 pw");
        pg.setHba(List.of("host all pgwb_client_md5 127.0.0.1/32 md5"));
        try (SessionStore store = SessionStore.createTemporary(); WireClient client = new WireClient(s, store, null, null, null)) {
            WireConnection c = client.connect("main", s, TIMEOUT);
            assertThat(ask(c, "SELECT system_user")).isEqualTo("md5:pgwb_client_md5");
            c.close();
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void cleartextPassword(PgServer pg) throws Exception {
        assertThat(loginAndAsk(pg, "password", settings(pg).withPassword(PASSWORD))).isEqualTo("password:" + USER);
    }

    @Test
    void wrongPasswordIs28P01(PgServer pg) throws Exception {
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
        ConnectionSettings s = settings(pg).withPassword("not it");
        try (SessionStore store = SessionStore.createTemporary(); WireClient client = new WireClient(s, store, null, null, null)) {
            assertThatThrownBy(() -> client.connect("main", s, TIMEOUT))
                    .isInstanceOf(WireClient.LoginFailed.class)
                    .satisfies(e -> assertThat(((WireClient.LoginFailed) e).error().sqlState()).isEqualTo("28P01"));
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void passwordFromThePromptOnlyWhenAsked(PgServer pg) throws Exception {
        List<String> asked = new ArrayList<>();
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 scram-sha-256"));
        ConnectionSettings s = settings(pg);
        try (SessionStore store = SessionStore.createTemporary();
             WireClient client = new WireClient(s, store, null, null, () -> {
                 asked.add("once");
                 return PASSWORD;
             })) {
            client.connect("main", s, TIMEOUT).close();
            client.connect("again", s, TIMEOUT).close();
        } finally {
            pg.resetHba();
        }
        assertThat(asked).containsExactly("once");
    }

    @Test
    void tlsVerifyFullWithScramPlusIsRecordedInPlaintext(PgServer pg) throws Exception {
        Path ca = pg.enableTls();
        pg.setHba(List.of("hostssl all " + USER + " 127.0.0.1/32 scram-sha-256"));
        ConnectionSettings s = settings(pg).withHost("localhost", pg.port()).withPassword(PASSWORD)
                .withTls(SslMode.VERIFY_FULL, SslNegotiation.POSTGRES, ca.toString()).withChannelBinding("require");
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(s, store, null, null, null)) {
                WireConnection c = client.connect("main", s, TIMEOUT);
                assertThat(c.isTls()).isTrue();
                assertThat(ask(c, "SELECT system_user || ' ' || (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())"))
                        .isEqualTo("scram-sha-256:" + USER + " true");
                c.close();
            }
            List<String> types = new ArrayList<>();
            SessionDecoder.decodeAll(store, false, (f, d) -> types.add(d.typeName()));
            assertThat(types).startsWith("SSLRequest", "SSLResponse", "StartupMessage", "AuthenticationSASL", "SASLInitialResponse");
            assertThat(store.connections().get(0).note()).contains("TLS after SSLRequest");
            // channel binding was used: the mechanism the client chose is the -PLUS one
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (d.typeName().equals("SASLInitialResponse")) {
                    assertThat(d.message().toString()).contains("SCRAM-SHA-256-PLUS");
                }
            });
        } finally {
            pg.resetHba();
            pg.disableTls();
        }
    }

    @Test
    void verifyFullRefusesAHostNameTheCertificateDoesNotName(PgServer pg) throws Exception {
        Path ca = pg.enableTls();
        // the test certificate names localhost and 127.0.0.1; 127.0.0.2 reaches the same server under another name
        ConnectionSettings s = settings(pg).withHost("127.0.0.2", pg.port()).withPassword(PASSWORD)
                .withTls(SslMode.VERIFY_FULL, SslNegotiation.POSTGRES, ca.toString());
        try (SessionStore store = SessionStore.createTemporary(); WireClient client = new WireClient(s, store, null, null, null)) {
            assertThatThrownBy(() -> client.connect("main", s, TIMEOUT)).hasMessageContaining("127.0.0.2");
        } catch (java.net.ConnectException e) {
            // no 127.0.0.2 on this machine: nothing to check
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void directTls(PgServer pg) throws Exception {
        Path ca = pg.enableTls();
        ConnectionSettings s = settings(pg).withHost("localhost", pg.port())
                .withTls(SslMode.VERIFY_FULL, SslNegotiation.DIRECT, ca.toString());
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(s, store, null, null, null)) {
                WireConnection c = client.connect("main", s, TIMEOUT);
                assertThat(c.isTls()).isTrue();
                assertThat(ask(c, "SELECT 'direct'")).isEqualTo("direct");
                c.close();
            }
            assertThat(store.connections().get(0).note()).contains("direct TLS");
            assertThat(SessionDecoderTypes.of(store)).first().isEqualTo("StartupMessage");
        } finally {
            pg.disableTls();
        }
    }

    @Test
    void sslModePreferGoesOnInPlaintextWhenRefused(PgServer pg) throws Exception {
        ConnectionSettings s = settings(pg);
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(s, store, null, null, null)) {
                WireConnection c = client.connect("main", s, TIMEOUT);
                assertThat(c.isTls()).isFalse();
                c.close();
            }
            assertThat(SessionDecoderTypes.of(store)).startsWith("SSLRequest", "SSLResponse", "StartupMessage");
            SessionDecoder.decodeAll(store, false, (f, d) -> {
                if (d.message() instanceof SSLResponse r) {
                    assertThat(r.answer()).isEqualTo('N');
                }
            });
        }
    }

    @Test
    void requireFailsWhenTheServerRefusesTls(PgServer pg) throws Exception {
        ConnectionSettings s = settings(pg).withTls(SslMode.REQUIRE, SslNegotiation.POSTGRES, null);
        try (SessionStore store = SessionStore.createTemporary(); WireClient client = new WireClient(s, store, null, null, null)) {
            assertThatThrownBy(() -> client.connect("main", s, TIMEOUT)).hasMessageContaining("SSL was required");
        }
    }

    @Test
    void unixDomainSocket(PgServer pg) throws Exception {
        String dir = socketDirectory(pg);
        ConnectionSettings s = ConnInfo.resolve("host=" + dir + " port=" + pg.port() + " user=postgres dbname=postgres sslmode=disable",
                Map.of(), null);
        try (SessionStore store = SessionStore.createTemporary(); WireClient client = new WireClient(s, store, null, null, null)) {
            WireConnection c = client.connect("main", s, TIMEOUT);
            assertThat(ask(c, "SELECT coalesce(inet_client_addr()::text, 'local')")).isEqualTo("local");
            c.close();
        }
    }

    static String socketDirectory(PgServer pg) throws Exception {
        try (var c = pg.connect(); var st = c.createStatement(); var rs = st.executeQuery("SHOW unix_socket_directories")) {
            rs.next();
            return rs.getString(1).split(",")[0].trim();
        }
    }

    private static String loginAndAsk(PgServer pg, String method, ConnectionSettings s) throws Exception {
        pg.setHba(List.of("host all " + USER + " 127.0.0.1/32 " + method));
        try (SessionStore store = SessionStore.createTemporary(); WireClient client = new WireClient(s, store, null, null, null)) {
            WireConnection c = client.connect("main", s, TIMEOUT);
            String answer = ask(c, "SELECT system_user");
            c.close();
            return answer;
        } finally {
            pg.resetHba();
        }
    }

    static String ask(WireConnection c, String sql) throws Exception {
        c.send(new Query(sql));
        String value = null;
        while (true) {
            Incoming in = c.next(TIMEOUT);
            assertThat(in).as("an answer to " + sql).isNotNull();
            assertThat(in.isClosed()).as("connection still open").isFalse();
            if (in.decoded().message() instanceof DataRow row) {
                value = new String(row.columns().get(0).toArray(), StandardCharsets.UTF_8);
            }
            if (in.decoded().message() instanceof ReadyForQuery) {
                return value;
            }
        }
    }

    static ConnectionSettings settings(PgServer pg) {
        return ConnectionSettings.of(pg.host(), pg.port(), USER, "postgres");
    }
}
