package dev.pgwb.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PgServerAuthTest {

    @Test
    void scramRoleConnectsWithItsPasswordOnly(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS pgwb_scram_user",
                "CREATE ROLE pgwb_scram_user LOGIN PASSWORD 'correct horse'");
        pg.setHba(List.of("host all pgwb_scram_user 127.0.0.1/32 scram-sha-256"));
        try {
            try (Connection c = pg.connect(login("pgwb_scram_user", "correct horse"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_user, system_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("pgwb_scram_user");
                // system_user is "auth_method:identity": proves the scram rule, not trust, let us in
                assertThat(rs.getString(2)).isEqualTo("scram-sha-256:pgwb_scram_user");
            }
            assertThatThrownBy(() -> pg.connect(login("pgwb_scram_user", "wrong")).close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        } finally {
            pg.resetHba();
        }
    }

    @Test
    void storedPasswordIsScram(PgServer pg) throws Exception {
        pg.execute("DROP ROLE IF EXISTS pgwb_scram_check", "CREATE ROLE pgwb_scram_check LOGIN PASSWORD 'x'");
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = 'pgwb_scram_check'")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("SCRAM-SHA-256$4096:");
        }
    }

    private static Properties login(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }
}
