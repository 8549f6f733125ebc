package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A connection whose client does not speak PostgreSQL: what its bytes look like and what PostgreSQL did with them. */
class NotPostgresRuleTest {

    @Test
    void anHttpRequest() {
        Diagnosis d = RealCapture.of("http-probe").one("08P01"); // curl http://127.0.0.1:5432/
        assertThat(d.cause()).isEqualTo("http-request");
        assertThat(d.seq()).isZero();
        assertThat(d.explanation()).contains("GET / HTTP/1.1", "invalid length of startup packet", "without an answer");
        assertThat(d.advice()).contains("pg_isready");
    }

    @Test
    void aTlsClientHelloWithoutSslRequest() {
        Diagnosis d = RealCapture.of("tls-on-plain-port").one("08P01"); // openssl s_client
        assertThat(d.cause()).isEqualTo("tls-without-sslrequest");
        assertThat(d.advice()).contains("sslnegotiation=direct");
    }

    @Test
    void aLineOfText() {
        Diagnosis d = RealCapture.of("telnet-line").one("08P01"); // nc sending hello\r\n
        assertThat(d.cause()).isEqualTo("text-line");
        assertThat(d.explanation()).contains("\"hello\"");
    }
}
