package dev.pgwb.protocol.client;

import dev.pgwb.protocol.tls.SslMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Connection strings as libpq reads them: a URI ({@code postgresql://user:pw@[::1]:5432/db?sslmode=require})
 * or keyword/value pairs ({@code host=/tmp port=5433 user='a b'}), completed from the PG* environment
 * variables, libpq's defaults and the password file.
 *
 * <p>Not supported: several hosts ({@code host=a,b}), service files, hostaddr as a separate address
 * (it is taken as the host), GSSAPI.
 */
public final class ConnInfo {

    private static final Set<String> KEYWORDS = Set.of("host", "hostaddr", "port", "user", "password", "dbname", "sslmode",
            "sslnegotiation", "sslrootcert", "channel_binding", "application_name", "options", "connect_timeout", "passfile",
            "max_protocol_version", "protocol_version", "client_encoding");

    /** Environment variables and what they stand for, as libpq documents them. */
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("PGHOST", "host"), Map.entry("PGHOSTADDR", "hostaddr"), Map.entry("PGPORT", "port"),
            Map.entry("PGUSER", "user"), Map.entry("PGPASSWORD", "password"), Map.entry("PGDATABASE", "dbname"),
            Map.entry("PGSSLMODE", "sslmode"), Map.entry("PGSSLNEGOTIATION", "sslnegotiation"),
            Map.entry("PGSSLROOTCERT", "sslrootcert"), Map.entry("PGCHANNELBINDING", "channel_binding"),
            Map.entry("PGAPPNAME", "application_name"), Map.entry("PGOPTIONS", "options"),
            Map.entry("PGCONNECT_TIMEOUT", "connect_timeout"), Map.entry("PGPASSFILE", "passfile"),
            Map.entry("PGMAXPROTOCOLVERSION", "max_protocol_version"), Map.entry("PGCLIENTENCODING", "client_encoding"));

    private ConnInfo() {
    }

    /**
     * Resolves a connection string (URI, keyword/value, or null/empty for "all from the
     * environment") into settings: the string first, then {@code env}, then libpq's defaults; the
     * password, when still missing, from the password file ({@code passfile}, {@code PGPASSFILE} or
     * {@code home/.pgpass}).
     */
    public static ConnectionSettings resolve(String conninfo, Map<String, String> env, Path home) {
        Map<String, String> p = conninfo == null || conninfo.isBlank() ? new LinkedHashMap<>() : parse(conninfo);
        return resolve(p, env, home);
    }

    /** As {@link #resolve(String, Map, Path)} from keywords already parsed (the command line's options, say). */
    public static ConnectionSettings resolve(Map<String, String> given, Map<String, String> env, Path home) {
        Map<String, String> p = new LinkedHashMap<>(given);
        for (var e : ENV.entrySet()) {
            String v = env.get(e.getKey());
            if (v != null && !v.isEmpty()) {
                p.putIfAbsent(e.getValue(), v);
            }
        }
        String host = first(p.get("host"), p.get("hostaddr"), "localhost");
        if (host.contains(",")) {
            throw new IllegalArgumentException("several hosts (\"" + host + "\") are not supported: give one");
        }
        int port = parsePort(first(p.get("port"), "5432"));
        String user = first(p.get("user"), System.getProperty("user.name"));
        String database = first(p.get("dbname"), user);
        SslMode sslMode = SslMode.parse(first(p.get("sslmode"), "prefer"));
        SslNegotiation negotiation = SslNegotiation.parse(first(p.get("sslnegotiation"), "postgres"));
        if (negotiation == SslNegotiation.DIRECT && !sslMode.requiresTls()) {
            throw new IllegalArgumentException("sslnegotiation=direct needs sslmode require, verify-ca or verify-full (as in libpq)");
        }
        String channelBinding = first(p.get("channel_binding"), "prefer").toLowerCase(Locale.ROOT);
        if (!Set.of("prefer", "require", "disable").contains(channelBinding)) {
            throw new IllegalArgumentException("invalid channel_binding value: \"" + channelBinding + "\" (expected prefer, require or disable)");
        }
        int version = ConnectionSettings.parseVersion(first(p.get("max_protocol_version"), p.get("protocol_version"), "3.0"));
        Map<String, String> startup = new LinkedHashMap<>();
        for (String k : new String[] {"application_name", "options", "client_encoding"}) {
            if (p.get(k) != null) {
                startup.put(k, p.get(k));
            }
        }
        p.forEach((k, v) -> {
            if (k.startsWith("_pq_.")) {
                startup.put(k, v);
            }
        });
        Duration timeout = Duration.ofSeconds(10);
        if (p.get("connect_timeout") != null) {
            int s = parseInt("connect_timeout", p.get("connect_timeout"));
            timeout = s <= 0 ? Duration.ofDays(1) : Duration.ofSeconds(Math.max(2, s)); // libpq: 0 = wait forever, at least 2 s
        }
        String password = p.get("password");
        if (password == null) {
            Path passfile = p.get("passfile") != null ? Path.of(p.get("passfile")) : home == null ? null : home.resolve(".pgpass");
            password = PgPass.lookup(passfile, host, port, database, user).orElse(null);
        }
        return new ConnectionSettings(host, port, user, database, password, sslMode, negotiation, p.get("sslrootcert"),
                channelBinding, version, startup, timeout);
    }

    /** Keywords and values of a URI or keyword/value string, exactly as written (no defaults). */
    public static Map<String, String> parse(String conninfo) {
        String s = conninfo.trim();
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            return parseUri(s);
        }
        return parseKeywords(s);
    }

    static Map<String, String> parseUri(String uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                put(out, "user", decode(userInfo.substring(0, colon)));
                out.put("password", decode(userInfo.substring(colon + 1)));
            } else {
                put(out, "user", decode(userInfo));
            }
        }
        if (!rest.isEmpty()) {
            String host;
            String port = null;
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("missing \"]\" after the IPv6 address in URI: " + uri);
                }
                host = rest.substring(1, close);
                if (close + 1 < rest.length()) {
                    if (rest.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("unexpected \"" + rest.charAt(close + 1) + "\" after the IPv6 address in URI: " + uri);
                    }
                    port = rest.substring(close + 2);
                }
            } else {
                int colon = rest.lastIndexOf(':');
                host = colon >= 0 ? rest.substring(0, colon) : rest;
                port = colon >= 0 ? rest.substring(colon + 1) : null;
            }
            put(out, "host", decode(host));
            if (port != null && !port.isEmpty()) {
                out.put("port", decode(port));
            }
        }
        if (path != null && !path.isEmpty()) {
            out.put("dbname", decode(path));
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("missing \"=\" in URI query parameter \"" + pair + "\"");
                }
                out.put(checkKeyword(decode(pair.substring(0, eq))), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String k, String v) {
        if (!v.isEmpty()) {
            out.put(k, v);
        }
    }

    static Map<String, String> parseKeywords(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(start, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                throw new IllegalArgumentException("missing \"=\" after \"" + key + "\" in connection info string");
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quoted string in connection info string");
                    }
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(s.charAt(i++));
                    } else if (c == '\'') {
                        break;
                    } else {
                        v.append(c);
                    }
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(s.charAt(i++));
                    } else {
                        v.append(c);
                    }
                }
            }
            out.put(checkKeyword(key), v.toString());
        }
    }

    private static String checkKeyword(String k) {
        if (!KEYWORDS.contains(k) && !k.startsWith("_pq_.")) {
            throw new IllegalArgumentException("invalid connection option \"" + k + "\"");
        }
        return k;
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("invalid percent-encoded token: \"" + s.substring(i) + "\"");
                }
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid percent-encoded token: \"" + s.substring(i, i + 3) + "\"");
                }
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int parsePort(String s) {
        int p = parseInt("port", s);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("invalid port number: \"" + s + "\"");
        }
        return p;
    }

    private static int parseInt(String what, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid integer value \"" + s + "\" for connection option \"" + what + "\"");
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
