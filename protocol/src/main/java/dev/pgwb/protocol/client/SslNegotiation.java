package dev.pgwb.protocol.client;

/**
 * libpq's {@code sslnegotiation} (PostgreSQL 17+): ask first with SSLRequest ({@link #POSTGRES}),
 * or start the TLS handshake at once ({@link #DIRECT}, ALPN {@code postgresql}).
 */
public enum SslNegotiation {
    POSTGRES, DIRECT;

    public static SslNegotiation parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "postgres" -> POSTGRES;
            case "direct" -> DIRECT;
            default -> throw new IllegalArgumentException("invalid sslnegotiation value: \"" + s + "\" (expected postgres or direct)");
        };
    }
}
