package dev.pgwb.app.ui.composer;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.Sync;
import java.awt.Component;
import java.awt.Container;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.text.JTextComponent;
import org.junit.jupiter.api.Test;

/** Every form of the message builder, driven through its components (no window needed). */
class MessageBuilderTest {
    @org.junit.jupiter.api.BeforeAll
    static void failOnEdtViolations() {
        org.assertj.swing.edt.FailOnThreadViolationRepaintManager.install();
    }

    private final List<String> inserted = new ArrayList<>();
    private final MessageBuilder builder = onEdt(() -> new MessageBuilder(inserted::add));

    @SuppressWarnings("unchecked")
    private <T extends Component> T find(String name) {
        return (T) onEdt(() -> find(builder, name));
    }

    private static Component find(Container c, String name) {
        for (Component child : c.getComponents()) {
            if (name.equals(child.getName())) {
                return child;
            }
            if (child instanceof Container k) {
                Component f = find(k, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private void type(String name, String text) {
        JTextComponent c = find(name);
        onEdt(() -> c.setText(text));
    }

    private String problem() {
        JLabel l = find("builderProblem");
        return onEdt(l::getText);
    }

    @Test
    void everyMessageTypeHasAFormWhoseDefaultsReadBackOrSayWhatIsMissing() throws Exception {
        JComboBox<String> types = find("builderType");
        int n = onEdt(types::getItemCount);
        assertThat(n).isGreaterThanOrEqualTo(14);
        for (int i = 0; i < n; i++) {
            int index = i;
            String name = onEdt(() -> types.getItemAt(index));
            onEdt(() -> builder.selectType(name));
            if (name.equals("FunctionCall") || name.equals("CancelRequest")) {
                assertThat(onEdt(builder::message)).as(name).isNull();
                assertThat(problem()).as(name).startsWith("⚠");
                javax.swing.JButton insert = find("builderInsert");
                assertThat(onEdt(insert::isEnabled)).isFalse();
                continue;
            }
            assertThat(onEdt(builder::message)).as(name).isNotNull();
            assertThat(onEdt(builder::message).typeName()).isEqualTo(name);
            assertThat(onEdt(builder::encoded)).isEqualTo(Encoder.encode(onEdt(builder::message)));
            assertThat(ScriptParser.parse(onEdt(builder::scriptLine)).steps()).as(name).hasSize(1);
        }
    }

    @Test
    void simpleFormsBuildTheirMessages() {
        onEdt(() -> builder.selectType("Query"));
        type("querySql", "select 'x'");
        assertThat(onEdt(builder::message)).isEqualTo(new Query("select 'x'"));
        assertThat(onEdt(builder::scriptLine)).isEqualTo("query \"select 'x'\"");

        onEdt(() -> builder.selectType("Describe"));
        JComboBox<?> target = find("describeTarget");
        onEdt(() -> target.setSelectedIndex(1));
        type("describeName", "");
        assertThat(onEdt(builder::message)).isEqualTo(new Describe('P', ""));
        assertThat(onEdt(builder::scriptLine)).isEqualTo("describe portal \"\"");

        onEdt(() -> builder.selectType("Execute"));
        type("executePortal", "C1");
        JSpinner rows = find("executeRows");
        onEdt(() -> rows.setValue(50));
        assertThat(onEdt(builder::message)).isEqualTo(new Execute("C1", 50));
        assertThat(onEdt(builder::scriptLine)).isEqualTo("execute C1 rows=50");

        onEdt(() -> builder.selectType("Sync"));
        assertThat(onEdt(builder::message)).isEqualTo(new Sync());
        javax.swing.JButton insert = find("builderInsert");
        onEdt(() -> insert.doClick());
        assertThat(inserted).containsExactly("sync");
    }

    @Test
    void functionCallAndCancelRequestNeedTheirNumbers() {
        onEdt(() -> builder.selectType("FunctionCall"));
        type("functionOid", "lots");
        assertThat(problem()).contains("Function OID");
        type("functionOid", "1299");
        assertThat(onEdt(builder::message)).isEqualTo(new FunctionCall(1299, List.of(), List.of(), 0));
        assertThat(onEdt(builder::scriptLine)).isEqualTo("functioncall oid=1299");

        onEdt(() -> builder.selectType("CancelRequest"));
        type("cancelPid", "4242");
        type("cancelKey", "0x0102030");
        assertThat(problem()).contains("Secret key");
        type("cancelKey", "0x01020304");
        assertThat(onEdt(builder::message)).isEqualTo(new CancelRequest(4242, Bytes.ofHex("01020304")));
        assertThat(onEdt(builder::scriptLine)).isEqualTo("cancel pid=4242 key=0x01020304");
        JLabel header = find("builderPreviewHeader");
        assertThat(onEdt(header::getText)).contains("CancelRequest").contains("16");
    }

    @Test
    void resultFormatsMustBeFormatCodes() {
        onEdt(() -> builder.selectType("Bind"));
        JComboBox<?> results = find("bindResults");
        JTextField editor = (JTextField) onEdt(() -> results.getEditor().getEditorComponent());
        onEdt(() -> editor.setText("text, binary, 2"));
        assertThat(onEdt(builder::message)).isNotNull();
        assertThat(onEdt(builder::scriptLine)).endsWith("results=(text, binary, 2)");
        onEdt(() -> editor.setText("text, 70000"));
        assertThat(onEdt(builder::message)).isNull();
        assertThat(problem()).contains("70000");
    }
}
