package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.client.ParameterValue;
import dev.pgwb.protocol.client.ScriptVocabulary;
import java.awt.BorderLayout;
import java.util.ArrayList;
import java.util.List;
import javax.swing.DefaultCellEditor;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.table.AbstractTableModel;
import net.miginfocom.swing.MigLayout;

/**
 * Bind parameters (or FunctionCall arguments) as a table: value, type, format (text/binary) and
 * NULL. A value is encoded as the script language encodes it ({@link ParameterValue}): text as its
 * UTF-8 characters, binary as the type's send function would, {@code 0x...} as these bytes.
 */
final class ParameterTable extends JPanel {
    static final String TEXT = "text";
    static final String BINARY = "binary";

    /** One row as the user typed it. */
    static final class Row {
        String value = "";
        String type = "";
        String format = TEXT;
        boolean isNull;
    }

    private final List<Row> rows = new ArrayList<>();
    private final Model model = new Model();
    private final JTable table = new JTable(model);
    private final List<Runnable> listeners = new ArrayList<>();

    ParameterTable(String name) {
        super(new BorderLayout());
        setName(name);
        table.setName(name + "Table");
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.putClientProperty("terminateEditOnFocusLost", Boolean.TRUE);
        table.setFillsViewportHeight(true);
        JComboBox<String> types = new JComboBox<>(ScriptVocabulary.typeNames().toArray(String[]::new));
        types.setEditable(true);
        types.insertItemAt("", 0);
        table.getColumnModel().getColumn(1).setCellEditor(new DefaultCellEditor(types));
        table.getColumnModel().getColumn(2).setCellEditor(new DefaultCellEditor(new JComboBox<>(new String[] {TEXT, BINARY})));
        table.getColumnModel().getColumn(0).setPreferredWidth(160);
        table.getColumnModel().getColumn(1).setPreferredWidth(90);
        table.getColumnModel().getColumn(2).setPreferredWidth(60);
        table.getColumnModel().getColumn(3).setPreferredWidth(40);
        JScrollPane scroll = new JScrollPane(table);
        scroll.setPreferredSize(new java.awt.Dimension(320, 96));
        add(scroll, BorderLayout.CENTER);
        JButton add = new JButton(Texts.get("builder.param.add"));
        add.setName(name + "Add");
        add.addActionListener(e -> addRow("", "", TEXT, false));
        JButton remove = new JButton(Texts.get("builder.param.remove"));
        remove.setName(name + "Remove");
        remove.addActionListener(e -> {
            int r = table.getSelectedRow();
            if (table.isEditing()) {
                table.getCellEditor().stopCellEditing();
            }
            if (r >= 0 && r < rows.size()) {
                rows.remove(r);
                model.fireTableRowsDeleted(r, r);
                changed();
            }
        });
        JPanel buttons = new JPanel(new MigLayout("insets 0, gap 4", "[][]", "[]"));
        buttons.add(add);
        buttons.add(remove);
        add(buttons, BorderLayout.SOUTH);
    }

    JTable table() {
        return table;
    }

    void onChange(Runnable r) {
        listeners.add(r);
    }

    void addRow(String value, String type, String format, boolean isNull) {
        Row row = new Row();
        row.value = value;
        row.type = type;
        row.format = format;
        row.isNull = isNull;
        rows.add(row);
        model.fireTableRowsInserted(rows.size() - 1, rows.size() - 1);
        changed();
    }

    /** The values encoded; an IllegalArgumentException names the row and what is wrong with it. */
    List<ParameterValue> values() {
        List<ParameterValue> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String type = r.type == null ? "" : r.type.strip();
            boolean binary = BINARY.equals(r.format);
            String typeWord = type.isEmpty() && !binary ? null : type + (binary ? ":binary" : "");
            try {
                String v = r.isNull ? null : r.value;
                boolean bytes = v != null && v.matches("0[xX]([0-9a-fA-F]{2})+");
                out.add(ParameterValue.of(typeWord, v, !bytes));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Texts.get("builder.param.bad", i + 1, e.getMessage()), e);
            }
        }
        return out;
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    private final class Model extends AbstractTableModel {
        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return 4;
        }

        @Override
        public String getColumnName(int column) {
            return Texts.get(switch (column) {
                case 0 -> "builder.param.value";
                case 1 -> "builder.param.type";
                case 2 -> "builder.param.format";
                default -> "builder.param.null";
            });
        }

        @Override
        public Class<?> getColumnClass(int column) {
            return column == 3 ? Boolean.class : String.class;
        }

        @Override
        public boolean isCellEditable(int row, int column) {
            return column != 0 || !rows.get(row).isNull;
        }

        @Override
        public Object getValueAt(int row, int column) {
            Row r = rows.get(row);
            return switch (column) {
                case 0 -> r.isNull ? "NULL" : r.value;
                case 1 -> r.type;
                case 2 -> r.format;
                default -> r.isNull;
            };
        }

        @Override
        public void setValueAt(Object value, int row, int column) {
            Row r = rows.get(row);
            switch (column) {
                case 0 -> r.value = value == null ? "" : value.toString();
                case 1 -> r.type = value == null ? "" : value.toString();
                case 2 -> r.format = BINARY.equals(value) ? BINARY : TEXT;
                default -> r.isNull = Boolean.TRUE.equals(value);
            }
            fireTableRowsUpdated(row, row);
            changed();
        }
    }
}
