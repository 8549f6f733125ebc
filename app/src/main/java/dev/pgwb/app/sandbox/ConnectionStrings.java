package dev.pgwb.app.sandbox;

/**
 * The three ways to point a client at a relay, ready to paste: a libpq URI, a JDBC URL and a
 * {@code psql} command line. Plain connections (sslmode=disable) unless the relay terminates TLS.
 */
public record ConnectionStrings(String uri, String jdbc, String psql) {

    public static ConnectionStrings of(String host, int port, String user, String database, boolean tls) {
        String mode = tls ? "require" : "disable";
        String u = user == null || user.isEmpty() ? "" : user + "@";
        String db = database == null ? "" : database;
        String uri = "postgresql://" + u + host + ":" + port + "/" + db + "?sslmode=" + mode;
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + db + "?sslmode=" + mode
                + (user == null || user.isEmpty() ? "" : "&user=" + user);
        return new ConnectionStrings(uri, jdbc, "psql \"" + uri + "\"");
    }

    @Override
    public String toString() {
        return uri + "\n" + jdbc + "\n" + psql;
    }
}
