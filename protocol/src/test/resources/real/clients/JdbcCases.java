// pgJDBC clients for make-real-captures.sh, run as a single-file source program:
//   java -cp postgresql-42.7.8.jar JdbcCases.java CASE
// Each case opens its own connections (user app, database app, trust auth, 127.0.0.1) and prints
// what it saw to stdout; the SQLSTATEs the server sent are the point, so expected errors are caught.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;

public class JdbcCases {
    static final String HOST = System.getenv().getOrDefault("PGWB_HOST", "127.0.0.1");

    static Connection connect(int port, String extra) throws SQLException {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/app" + (extra.isEmpty() ? "" : "?" + extra);
        Properties p = new Properties();
        p.setProperty("user", "app");
        return DriverManager.getConnection(url, p);
    }

    static void say(String who, Object what) {
        System.out.println(who + ": " + what);
    }

    static void sqlError(String who, SQLException e) {
        say(who, "ERROR " + e.getSQLState() + " " + e.getMessage().replace('\n', ' '));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    /** Runs one query on a prepared statement and prints the first column of the first row. */
    static void runPrepared(String who, PreparedStatement ps) {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            say(who, "row " + rs.getString(1));
        } catch (SQLException e) {
            sqlError(who, e);
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "terminate-backend-jdbc" -> terminateBackend();
            case "lock-timeout" -> lockTimeout();
            case "query-timeout-jdbc" -> queryTimeout();
            case "batch-unique-violation" -> batchUniqueViolation();
            case "pgbouncer-discard-all" -> pgbouncerDiscardAll();
            case "pgbouncer-duplicate" -> pgbouncerDuplicate();
            case "pgbouncer-closed-by-other" -> pgbouncerClosedByOther();
            case "pgbouncer-other-server" -> pgbouncerOtherServer();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** A runs pg_sleep(10); B terminates it with a PreparedStatement whose pid is a Bind parameter. */
    static void terminateBackend() throws Exception {
        try (Connection a = connect(5432, "ApplicationName=A"); Connection b = connect(5432, "ApplicationName=B")) {
            int pid = a.unwrap(PGConnection.class).getBackendPID();
            Thread t = new Thread(() -> {
                try (Statement s = a.createStatement()) {
                    s.execute("SELECT pg_sleep(10)");
                    say("A", "pg_sleep returned");
                } catch (SQLException e) {
                    sqlError("A", e);
                }
            });
            t.start();
            sleep(1000);
            try (PreparedStatement ps = b.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, pid);
                runPrepared("B", ps);
            }
            t.join();
        }
    }

    /** B of lock-timeout.pcap: psql (A) holds the row lock of items id 1 in an open transaction. */
    static void lockTimeout() throws Exception {
        try (Connection b = connect(5432, "ApplicationName=B"); Statement s = b.createStatement()) {
            s.execute("SET lock_timeout = '300ms'");
            try {
                int n = s.executeUpdate("UPDATE items SET qty = qty + 10 WHERE id = 1");
                say("B", "updated " + n);
            } catch (SQLException e) {
                sqlError("B", e);
            }
        }
    }

    /** setQueryTimeout(1) on pg_sleep(5): pgJDBC's timer sends a CancelRequest on a new connection. */
    static void queryTimeout() throws Exception {
        try (Connection c = connect(5432, ""); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            try {
                s.execute("SELECT pg_sleep(5)");
                say("C", "pg_sleep returned");
            } catch (SQLException e) {
                sqlError("C", e);
            }
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                say("C", "after cancel: " + rs.getInt(1));
            }
        }
    }

    /** executeBatch of 4 INSERTs, the 3rd a duplicate key, autocommit: one Sync for the batch. */
    static void batchUniqueViolation() throws Exception {
        try (Connection c = connect(5432, "");
                PreparedStatement ps = c.prepareStatement("INSERT INTO uniq (id, v) VALUES (?, ?)")) {
            int[][] rows = {{1}, {2}, {1}, {3}};
            for (int[] r : rows) {
                ps.setInt(1, r[0]);
                ps.setString(2, "row " + r[0]);
                ps.addBatch();
            }
            try {
                ps.executeBatch();
                say("C", "batch done");
            } catch (SQLException e) {
                sqlError("C", e);
                if (e.getNextException() != null) {
                    sqlError("C next", e.getNextException());
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM uniq")) {
                rs.next();
                say("C", "rows in uniq after the batch: " + rs.getInt(1));
            }
        }
    }

    /**
     * Through PgBouncer (transaction pooling, server_reset_query = DISCARD ALL always): the same
     * PreparedStatement 3 times; with prepareThreshold=1 the first run already parses S_1.
     */
    static void pgbouncerDiscardAll() throws Exception {
        try (Connection c = connect(6432, "prepareThreshold=1");
                PreparedStatement ps = c.prepareStatement("SELECT qty FROM items WHERE id = ?")) {
            for (int i = 1; i <= 3; i++) {
                ps.setInt(1, 1);
                runPrepared("C run " + i, ps);
            }
        }
    }

    /** Through PgBouncer, pool size 1: two clients each parse their own S_1 on the one server connection. */
    static void pgbouncerDuplicate() throws Exception {
        try (Connection a = connect(6432, "prepareThreshold=1&ApplicationName=A");
                Connection b = connect(6432, "prepareThreshold=1&ApplicationName=B");
                PreparedStatement pa = a.prepareStatement("SELECT qty FROM items WHERE id = ?");
                PreparedStatement pb = b.prepareStatement("SELECT id FROM items WHERE qty > ?")) {
            pa.setInt(1, 1);
            runPrepared("A", pa);
            pb.setInt(1, 0);
            runPrepared("B", pb);
        }
    }

    /**
     * Through PgBouncer, pool size 1. A parses S_1; B's Parse of its own S_1 fails (42P05); pgJDBC B
     * forgets the failed statement and, with the next statement it sends, closes S_1 (the name it
     * had given it) — which is A's statement on the shared server connection. A's next Bind of S_1
     * fails with 26000.
     */
    static void pgbouncerClosedByOther() throws Exception {
        String opts = "prepareThreshold=1";
        try (Connection a = connect(6432, opts + "&ApplicationName=A");
                Connection b = connect(6432, opts + "&ApplicationName=B");
                PreparedStatement pa = a.prepareStatement("SELECT qty FROM items WHERE id = ?");
                PreparedStatement pb = b.prepareStatement("SELECT id FROM items WHERE qty > ?")) {
            pa.setInt(1, 1);
            runPrepared("A", pa);
            pb.setInt(1, 0);
            runPrepared("B", pb);
            pb.setInt(1, 0);
            runPrepared("B again", pb);
            pa.setInt(1, 1);
            runPrepared("A again", pa);
        }
    }

    /**
     * Through PgBouncer, pool size 2. A parses S_1 on server connection 1 (autocommit: one
     * transaction per statement, so the server connection goes back to the pool). B opens a
     * transaction and keeps it, taking server connection 1. A's next run goes to server connection 2,
     * where S_1 was never parsed: 26000.
     */
    static void pgbouncerOtherServer() throws Exception {
        try (Connection a = connect(6432, "prepareThreshold=1&ApplicationName=A");
                Connection b = connect(6432, "prepareThreshold=0&ApplicationName=B");
                PreparedStatement pa = a.prepareStatement("SELECT qty FROM items WHERE id = ?")) {
            pa.setInt(1, 1);
            runPrepared("A", pa);
            b.setAutoCommit(false);
            try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                say("B", "in transaction, count " + rs.getInt(1));
            }
            pa.setInt(1, 1);
            runPrepared("A again", pa);
            try {
                b.commit();
                say("B", "committed");
            } catch (SQLException e) {
                sqlError("B commit", e);
            }
        }
    }
}
