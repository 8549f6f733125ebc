package dev.pgwb.app.ui.composer;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.app.ui.Background;
import dev.pgwb.protocol.client.ConnectionSettings;
import dev.pgwb.protocol.tls.SslMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.swing.JComboBox;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection form keeps the URI and the fields in step, keeps passwords out of the URI it remembers, and resolves as libpq does. */
class ConnectionFormTest {
    @TempDir
    Path home;

    private ConnectionForm form() {
        return onEdt(() -> new ConnectionForm(new Background(), List::of, List.of(), Map.of(), home));
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(ConnectionForm f, String name) {
        return onEdt(() -> {
            for (java.awt.Component c : f.getComponents()) {
                if (name.equals(c.getName())) {
                    return (T) c;
                }
            }
            throw new AssertionError("no " + name);
        });
    }

    @Test
    void aUriFillsTheFieldsAndItsPasswordGoesToTheMaskedFieldOnly() {
        ConnectionForm f = form();
        onEdt(() -> f.setUri("postgresql://alice:s%40cret@[::1]:6543/app?sslmode=require&sslnegotiation=direct"
                + "&max_protocol_version=3.2&application_name=two%20words"));
        assertThat(onEdt(() -> ((JTextField) field(f, "connHost")).getText())).isEqualTo("::1");
        assertThat(onEdt(() -> ((JTextField) field(f, "connPort")).getText())).isEqualTo("6543");
        assertThat(onEdt(() -> ((JTextField) field(f, "connUser")).getText())).isEqualTo("alice");
        assertThat(onEdt(() -> ((JTextField) field(f, "connDatabase")).getText())).isEqualTo("app");
        assertThat(onEdt(() -> new String(((JPasswordField) field(f, "connPassword")).getPassword()))).isEqualTo("s@cret");
        assertThat(onEdt(() -> ((JComboBox<?>) field(f, "connSslMode")).getSelectedItem())).isEqualTo("require");
        assertThat(onEdt(() -> ((JComboBox<?>) field(f, "connSslNegotiation")).getSelectedItem())).isEqualTo("direct");
        assertThat(onEdt(() -> ((JComboBox<?>) field(f, "connProtocol")).getSelectedItem())).isEqualTo("3.2");
        assertThat(onEdt(() -> ((JTextField) field(f, "connExtra")).getText())).isEqualTo("application_name='two words'");

        String remembered = onEdt(f::uriWithoutPassword);
        assertThat(remembered).doesNotContain("cret")
                .isEqualTo("postgresql://alice@[::1]:6543/app?sslmode=require&sslnegotiation=direct&max_protocol_version=3.2"
                        + "&application_name=two%20words");

        ConnectionSettings s = onEdt(f::settings);
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.database()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("s@cret");
        assertThat(s.sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(s.protocolVersion()).isEqualTo(ConnectionSettings.PROTOCOL_3_2);
        assertThat(s.startupParameters()).containsEntry("application_name", "two words");
    }

    @Test
    void editingAFieldRewritesTheUri() {
        ConnectionForm f = form();
        onEdt(() -> f.setUri("postgresql://bob@db.example:5433/shop"));
        onEdt(() -> ((JTextField) field(f, "connDatabase")).setText("other db"));
        onEdt(() -> ((JComboBox<String>) field(f, "connSslMode")).setSelectedItem("verify-full"));
        assertThat(onEdt(f::uri)).isEqualTo("postgresql://bob@db.example:5433/other%20db?sslmode=verify-full");
        onEdt(() -> ((JTextField) field(f, "connExtra")).setText("options='-c work_mem=64MB'"));
        assertThat(onEdt(f::uri)).endsWith("&options=-c%20work_mem%3D64MB");
        assertThat(onEdt(f::settings).startupParameters()).containsEntry("options", "-c work_mem=64MB");
    }

    @Test
    void aWrongSettingIsSaidInLibpqsWords() {
        ConnectionForm f = form();
        onEdt(() -> ((JTextField) field(f, "connPort")).setText("99999"));
        assertThatThrownBy(() -> onEdt(f::settings)).hasMessageContaining("invalid port number");
        onEdt(() -> f.setUri("postgresql://x@h/db?nonsense=1"));
        assertThat(onEdt(f::testResult)).contains("invalid connection option \"nonsense\"");
    }
}
