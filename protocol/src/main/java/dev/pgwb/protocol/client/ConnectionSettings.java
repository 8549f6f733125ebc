package dev.pgwb.protocol.client;

import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.tls.SslMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to reach and log in to one server, resolved from a connection string, the
 * PG* environment and {@code ~/.pgpass} by {@link ConnInfo}. The password never shows in
 * {@link #toString()}.
 *
 * @param host              host name, IPv4/IPv6 literal, or an absolute directory holding the Unix-domain socket
 * @param port              TCP port, or the number in the socket's name {@code .s.PGSQL.PORT}
 * @param user              {@code user} for the StartupMessage
 * @param database          {@code database} for the StartupMessage
 * @param password          the password, or null when none is known (then the client asks its prompt, if any)
 * @param sslMode           how much TLS to insist on and how far to check the server
 * @param sslNegotiation    SSLRequest first, or TLS at once
 * @param sslRootCert       PEM roots to verify the server with; null = {@code ~/.postgresql/root.crt}; "system" = the JDK's
 * @param channelBinding    {@code prefer}, {@code require} or {@code disable} (SCRAM-SHA-256-PLUS over TLS)
 * @param protocolVersion   the version code put in the StartupMessage ({@code major << 16 | minor})
 * @param startupParameters further StartupMessage parameters, in order (application_name, options, _pq_.*...)
 * @param connectTimeout    how long to wait for the TCP connection and the TLS handshake
 */
public record ConnectionSettings(String host, int port, String user, String database, String password, SslMode sslMode,
                                 SslNegotiation sslNegotiation, String sslRootCert, String channelBinding, int protocolVersion,
                                 Map<String, String> startupParameters, Duration connectTimeout) {

    public static final int PROTOCOL_3_0 = 3 << 16;
    public static final int PROTOCOL_3_2 = 3 << 16 | 2;

    public ConnectionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(sslNegotiation, "sslNegotiation");
        Objects.requireNonNull(channelBinding, "channelBinding");
        startupParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(startupParameters));
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** Plain TCP to {@code host:port} as {@code user}, database of the same name, sslmode prefer, protocol 3.0. */
    public static ConnectionSettings of(String host, int port, String user, String database) {
        return new ConnectionSettings(host, port, user, database, null, SslMode.PREFER, SslNegotiation.POSTGRES, null,
                "prefer", PROTOCOL_3_0, Map.of(), Duration.ofSeconds(10));
    }

    public boolean isUnixSocket() {
        return host.startsWith("/");
    }

    /** The Unix-domain socket file, for {@link #isUnixSocket()}. */
    public Path socketFile() {
        return Path.of(host, ".s.PGSQL." + port);
    }

    /** {@code host:port}, {@code [v6]:port} or the socket file: where the client goes. */
    public String address() {
        if (isUnixSocket()) {
            return socketFile().toString();
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The StartupMessage these settings log in with. */
    public StartupMessage startupMessage() {
        List<StartupParameter> params = new ArrayList<>();
        params.add(new StartupParameter("user", user));
        params.add(new StartupParameter("database", database));
        startupParameters.forEach((k, v) -> params.add(new StartupParameter(k, v)));
        return new StartupMessage(protocolVersion, params);
    }

    /** {@code "3.2"} for a version code. */
    public static String versionText(int code) {
        return (code >>> 16) + "." + (code & 0xffff);
    }

    /** Parses {@code 3.2} (major.minor) or a plain number (the code itself, to send anything at all). */
    public static int parseVersion(String s) {
        String t = s.trim();
        int dot = t.indexOf('.');
        try {
            if (dot > 0) {
                int major = Integer.parseInt(t.substring(0, dot));
                int minor = Integer.parseInt(t.substring(dot + 1));
                if (major < 0 || major > 0xffff || minor < 0 || minor > 0xffff) {
                    throw new IllegalArgumentException("protocol version " + s + ": major and minor must be 0..65535");
                }
                return major << 16 | minor;
            }
            if (t.equalsIgnoreCase("latest")) {
                return PROTOCOL_3_2;
            }
            return (int) Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid protocol version \"" + s + "\" (expected MAJOR.MINOR such as 3.2, or a number)");
        }
    }

    public ConnectionSettings withHost(String h, int p) {
        return new ConnectionSettings(h, p, user, database, password, sslMode, sslNegotiation, sslRootCert, channelBinding,
                protocolVersion, startupParameters, connectTimeout);
    }

    public ConnectionSettings withLogin(String u, String db) {
        return new ConnectionSettings(host, port, u, db, password, sslMode, sslNegotiation, sslRootCert, channelBinding,
                protocolVersion, startupParameters, connectTimeout);
    }

    public ConnectionSettings withPassword(String pw) {
        return new ConnectionSettings(host, port, user, database, pw, sslMode, sslNegotiation, sslRootCert, channelBinding,
                protocolVersion, startupParameters, connectTimeout);
    }

    public ConnectionSettings withTls(SslMode mode, SslNegotiation negotiation, String rootCert) {
        return new ConnectionSettings(host, port, user, database, password, mode, negotiation, rootCert, channelBinding,
                protocolVersion, startupParameters, connectTimeout);
    }

    public ConnectionSettings withChannelBinding(String cb) {
        return new ConnectionSettings(host, port, user, database, password, sslMode, sslNegotiation, sslRootCert, cb,
                protocolVersion, startupParameters, connectTimeout);
    }

    public ConnectionSettings withProtocolVersion(int version) {
        return new ConnectionSettings(host, port, user, database, password, sslMode, sslNegotiation, sslRootCert, channelBinding,
                version, startupParameters, connectTimeout);
    }

    public ConnectionSettings withStartupParameters(Map<String, String> params) {
        return new ConnectionSettings(host, port, user, database, password, sslMode, sslNegotiation, sslRootCert, channelBinding,
                protocolVersion, params, connectTimeout);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + address() + ", user=" + user + ", database=" + database
                + ", password=" + (password == null ? "none" : "(hidden)") + ", sslmode=" + sslMode.keyword()
                + ", sslnegotiation=" + sslNegotiation.name().toLowerCase() + ", protocol=" + versionText(protocolVersion)
                + (startupParameters.isEmpty() ? "" : ", " + startupParameters) + "]";
    }
}
