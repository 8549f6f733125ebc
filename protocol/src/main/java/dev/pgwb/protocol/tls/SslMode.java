package dev.pgwb.protocol.tls;

import java.util.Locale;

/** libpq's {@code sslmode}: how much TLS the client insists on, and how far it checks the server. */
public enum SslMode {
    DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    /** Parses libpq's spelling ({@code verify-full}). */
    public static SslMode parse(String s) {
        for (SslMode m : values()) {
            if (m.keyword().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("invalid sslmode value: \"" + s
                + "\" (expected disable, allow, prefer, require, verify-ca or verify-full)");
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * True when the client asks the server for TLS before its startup packet ({@code prefer} and up):
     * {@code allow} starts in plaintext, and pgwb never retries with TLS.
     */
    public boolean asksForTls() {
        return compareTo(PREFER) >= 0;
    }

    /** True when a connection without TLS must be refused. */
    public boolean requiresTls() {
        return compareTo(REQUIRE) >= 0;
    }

    /** True when the server's certificate chain is checked against the root certificates. */
    public boolean verifiesChain() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }
}
