package dev.pgwb.app.sandbox;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A short, real conversation for a class to look at: simple queries, the extended protocol with a
 * named server-side statement, a COPY, and an error (26000-style mistakes come from the composer;
 * here a plain 42P01 undefined table).
 */
public final class DemoWorkload {
    private DemoWorkload() {
    }

    public static void run(String host, int port, String user, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("sslmode", "disable");
        p.setProperty("ApplicationName", "pgwb demo");
        p.setProperty("prepareThreshold", "1"); // named statements (S_1...) from the first execution
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS job (id int PRIMARY KEY, title text, due date)");
            s.execute("TRUNCATE job");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO job VALUES (?, ?, current_date + ?)")) {
                String[] titles = {"write the report", "复查查询计划", "call the DBA"};
                for (int i = 0; i < titles.length; i++) {
                    ins.setInt(1, i + 1);
                    ins.setString(2, titles[i]);
                    ins.setInt(3, i);
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM job WHERE id <= ?")) {
                q.setInt(1, 3);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(2);
                    }
                }
            }
            try {
                new CopyManager((BaseConnection) c.unwrap(BaseConnection.class))
                        .copyIn("COPY job FROM STDIN", new StringReader("4\tbuy coffee\t2026-12-01\n5\tteach the protocol\t\\N\n"));
            } catch (java.io.IOException e) {
                throw new SQLException(e);
            }
            try {
                s.executeQuery("SELECT * FROM jobs");
            } catch (SQLException expected) {
                // the demo's deliberate error: relation "jobs" does not exist (42P01)
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM job")) {
                rs.next();
            }
        }
    }
}
