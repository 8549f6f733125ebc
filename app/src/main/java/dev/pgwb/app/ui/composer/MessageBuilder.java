package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.fields.FieldTree;
import dev.pgwb.app.ui.hex.HexView;
import dev.pgwb.protocol.client.ParameterValue;
import dev.pgwb.protocol.client.ScriptException;
import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.client.ScriptVocabulary;
import dev.pgwb.protocol.client.ScriptWriter;
import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.codec.value.TypeOids;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyDone;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Flush;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.Framer;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Font;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.DefaultCellEditor;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.DefaultTableModel;
import javax.swing.text.JTextComponent;
import net.miginfocom.swing.MigLayout;

/**
 * Builds one frontend message from a form (statement and portal names, SQL, parameters with type,
 * format and NULL, result formats, row limits...), checks it as you type, shows the script line
 * that sends it ({@link ScriptWriter}, the one place lines are written) and the encoded bytes in
 * the same hex view and field tree as the main window, with the same two-way highlighting.
 * "Insert" hands the line to the script editor.
 */
public final class MessageBuilder extends JPanel {
    private final Consumer<String> insertLine;
    private final JComboBox<String> type;
    private final CardLayout cards = new CardLayout();
    private final JPanel forms = new JPanel(cards);
    private final Map<String, Supplier<FrontendMessage>> builders = new LinkedHashMap<>();
    private final JLabel problem = new JLabel(" ");
    private final JTextField line = new JTextField();
    private final JButton insert = new JButton(Texts.get("builder.insert"));
    private final JLabel previewHeader = new JLabel(" ");
    private final HexView hex = new HexView();
    private final FieldTree fields = new FieldTree();
    private FrontendMessage message;
    private byte[] encoded;

    public MessageBuilder(Consumer<String> insertLine) {
        super(new BorderLayout());
        this.insertLine = insertLine;
        setName("messageBuilder");

        addForm("Query", queryForm());
        addForm("Parse", parseForm());
        addForm("Bind", bindForm());
        addForm("Describe", targetForm("describe", Describe::new));
        addForm("Execute", executeForm());
        addForm("Close", targetForm("close", Close::new));
        addForm("Sync", emptyForm("Sync", Sync::new));
        addForm("Flush", emptyForm("Flush", Flush::new));
        addForm("FunctionCall", functionCallForm());
        addForm("CopyData", copyDataForm());
        addForm("CopyDone", emptyForm("CopyDone", CopyDone::new));
        addForm("CopyFail", copyFailForm());
        addForm("Terminate", emptyForm("Terminate", Terminate::new));
        addForm("CancelRequest", cancelForm());

        type = new JComboBox<>(builders.keySet().toArray(String[]::new));
        type.setName("builderType");
        type.addActionListener(e -> {
            cards.show(forms, (String) type.getSelectedItem());
            refresh();
        });

        problem.setName("builderProblem");
        line.setName("builderLine");
        line.setEditable(false);
        line.setFont(new Font(Font.MONOSPACED, Font.PLAIN, line.getFont().getSize()));
        insert.setName("builderInsert");
        insert.setToolTipText(Texts.get("builder.insert.tip"));
        insert.addActionListener(e -> {
            if (message != null) {
                this.insertLine.accept(line.getText());
            }
        });

        String insertKey = "pgwb.builder.insert";
        getInputMap(WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).put(javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_ENTER,
                java.awt.Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()), insertKey);
        getActionMap().put(insertKey, new javax.swing.AbstractAction() {
            @Override
            public void actionPerformed(java.awt.event.ActionEvent e) {
                if (insert.isEnabled()) {
                    insert.doClick();
                }
            }
        });

        JPanel top = new dev.pgwb.app.ui.ColumnPanel(new MigLayout("insets 6, gap 6 4, fill", "[][grow,fill]", "[][grow,fill][][]"));
        top.add(new JLabel(Texts.get("builder.message")));
        top.add(type, "wrap");
        top.add(forms, "span 2, grow, wrap");
        top.add(problem, "span 2, growx");
        JPanel lineRow = new JPanel(new MigLayout("insets 2 6 4 6, gap 4", "[grow,fill][]", "[]"));
        lineRow.add(line);
        lineRow.add(insert);

        previewHeader.setName("builderPreviewHeader");
        previewHeader.setBorder(javax.swing.BorderFactory.createEmptyBorder(2, 6, 2, 6));
        hex.setName("builderHex");
        fields.setName("builderFields");
        JScrollPane hexScroll = new JScrollPane(hex);
        JSplitPane preview = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, hexScroll, new JScrollPane(fields));
        preview.setResizeWeight(0.55);
        preview.setName("builderPreview");
        JPanel bottom = new JPanel(new BorderLayout());
        bottom.add(previewHeader, BorderLayout.NORTH);
        bottom.add(preview, BorderLayout.CENTER);
        // the same two-way highlight as the main window's details: a field shows its bytes, a byte selects its field
        fields.onFieldSelected((off, len) -> hex.highlight(off, len));
        hex.onByteClicked(fields::selectDeepestAt);

        // the form scrolls rather than squeezing the preview: the encoded bytes are what the builder is for
        // and the line with its Insert button stays in sight below the form
        bottom.setMinimumSize(new java.awt.Dimension(0, 110));
        bottom.setPreferredSize(new java.awt.Dimension(360, 150));
        JScrollPane formScroll = new JScrollPane(top, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED, JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        formScroll.setBorder(javax.swing.BorderFactory.createEmptyBorder());
        JPanel form = new JPanel(new BorderLayout());
        form.add(formScroll, BorderLayout.CENTER);
        form.add(lineRow, BorderLayout.SOUTH);
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, form, bottom);
        split.setResizeWeight(0.6);
        split.setName("builderSplit");
        add(split, BorderLayout.CENTER);

        type.setSelectedItem("Parse");
        cards.show(forms, "Parse");
        refresh();
    }

    /** Chooses the message type whose form is shown (the names of the combo: Query, Parse, Bind...). */
    public void selectType(String messageType) {
        type.setSelectedItem(messageType);
    }

    /** The message the form describes now, or null while the form has a problem. */
    public FrontendMessage message() {
        return message;
    }

    /** Its encoded bytes (as the preview shows them), or null. */
    public byte[] encoded() {
        return encoded == null ? null : encoded.clone();
    }

    /** The script line that sends it, or "" while the form has a problem. */
    public String scriptLine() {
        return message == null ? "" : line.getText();
    }

    // ------------------------------------------------------------------ building and preview

    private void refresh() {
        if (type == null) {
            return; // still building the forms
        }
        String chosen = (String) type.getSelectedItem();
        if (chosen == null) {
            return;
        }
        FrontendMessage m;
        try {
            m = builders.get(chosen).get();
        } catch (IllegalArgumentException e) {
            show(null, e.getMessage());
            return;
        }
        show(m, null);
    }

    private void show(FrontendMessage m, String error) {
        message = null;
        encoded = null;
        if (m != null) {
            byte[] bytes = Encoder.encode(m);
            String text = ScriptWriter.line(m, bytes);
            try {
                ScriptParser.parse(text); // the line must read back; a failure here is pgwb's bug, said plainly
                message = m;
                encoded = bytes;
                line.setText(text);
                line.setCaretPosition(0);
                line.setToolTipText(text);
            } catch (ScriptException e) {
                error = Texts.get("builder.lineUnreadable", e.getMessage());
            }
        }
        if (message == null) {
            problem.setText(error == null ? " " : "⚠ " + error);
            problem.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
            line.setText("");
            insert.setEnabled(false);
            previewHeader.setText(" ");
            hex.show(null);
            fields.show(null);
            return;
        }
        problem.setText(Texts.get("builder.ok"));
        problem.setForeground(UIManager.getColor("Label.disabledForeground"));
        insert.setEnabled(true);
        Decoded d = decode(encoded, m instanceof CancelRequest);
        previewHeader.setText(Texts.get("builder.preview", d == null ? m.typeName() : d.typeName(), encoded.length));
        hex.show(encoded);
        fields.show(d);
    }

    /** The encoded message read back by the real decoder, as the timeline would show it had it been sent. */
    private static Decoded decode(byte[] bytes, boolean startupPhase) {
        // a CancelRequest is a startup-phase packet (no type byte): frame it as the first message of a connection
        List<Frame> frames = (startupPhase ? new Framer() : Framer.pastStartup()).feed(Direction.FRONTEND, bytes, 0);
        if (frames.isEmpty()) {
            return null;
        }
        return new Decoder().decode(frames.get(0), new ConnectionState());
    }

    private void addForm(String name, JComponent form) {
        form.setName("form" + name);
        forms.add(form, name);
    }

    // ------------------------------------------------------------------ forms

    private JComponent queryForm() {
        JTextArea sql = sqlArea("querySql", "select 1");
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.sql")), "top");
        p.add(scroll(sql), "grow, push, wrap");
        builders.put("Query", () -> new Query(sql.getText()));
        return p;
    }

    private JComponent parseForm() {
        JTextField name = field("parseName", "S_1");
        JTextArea sql = sqlArea("parseSql", "select $1::int4 + 1");
        DefaultTableModel model = new DefaultTableModel(new Object[] {Texts.get("builder.param.type")}, 0);
        JTable types = new JTable(model);
        types.setName("parseTypes");
        types.putClientProperty("terminateEditOnFocusLost", Boolean.TRUE);
        JComboBox<String> typeNames = new JComboBox<>(ScriptVocabulary.typeNames().toArray(String[]::new));
        typeNames.setEditable(true);
        types.getColumnModel().getColumn(0).setCellEditor(new DefaultCellEditor(typeNames));
        model.addTableModelListener(e -> refresh());
        model.addRow(new Object[] {"int4"});
        JButton add = new JButton(Texts.get("builder.param.add"));
        add.setName("parseTypesAdd");
        add.addActionListener(e -> model.addRow(new Object[] {"text"}));
        JButton remove = new JButton(Texts.get("builder.param.remove"));
        remove.setName("parseTypesRemove");
        remove.addActionListener(e -> {
            if (types.isEditing()) {
                types.getCellEditor().stopCellEditing();
            }
            int r = types.getSelectedRow() >= 0 ? types.getSelectedRow() : model.getRowCount() - 1;
            if (r >= 0) {
                model.removeRow(r);
            }
        });
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.statement")));
        p.add(name, "growx, wrap");
        p.add(new JLabel(Texts.get("builder.sql")), "top");
        p.add(scroll(sql), "grow, push, wrap");
        p.add(new JLabel(Texts.get("builder.types")), "top");
        JScrollPane typesScroll = new JScrollPane(types);
        typesScroll.setPreferredSize(new java.awt.Dimension(200, 80));
        JPanel typesPanel = new JPanel(new MigLayout("insets 0, gap 4", "[grow,fill][]", "[top][top,grow]"));
        typesPanel.add(typesScroll, "span 1 2, grow");
        typesPanel.add(add, "wrap, growx");
        typesPanel.add(remove, "growx, top");
        p.add(typesPanel, "growx, wrap");
        builders.put("Parse", () -> {
            List<Integer> oids = new ArrayList<>();
            for (int i = 0; i < model.getRowCount(); i++) {
                Object v = model.getValueAt(i, 0);
                oids.add(typeOid(v == null ? "" : v.toString().strip(), i + 1));
            }
            return new Parse(name.getText(), sql.getText(), oids);
        });
        return p;
    }

    private JComponent bindForm() {
        JTextField portal = field("bindPortal", "");
        JTextField statement = field("bindStatement", "S_1");
        ParameterTable params = new ParameterTable("bindParams");
        params.addRow("42", "int4", ParameterTable.TEXT, false);
        params.onChange(this::refresh);
        JComboBox<String> results = new JComboBox<>(new String[] {"", "text", "binary"});
        results.setName("bindResults");
        results.setEditable(true);
        results.setToolTipText(Texts.get("builder.results.tip"));
        results.addActionListener(e -> refresh());
        listen((JTextComponent) results.getEditor().getEditorComponent());
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.portal")));
        p.add(portal, "growx, wrap");
        p.add(new JLabel(Texts.get("builder.statement")));
        p.add(statement, "growx, wrap");
        p.add(new JLabel(Texts.get("builder.params")), "top");
        p.add(params, "grow, push, wrap");
        p.add(new JLabel(Texts.get("builder.results")));
        p.add(results, "growx, wrap");
        builders.put("Bind", () -> {
            List<ParameterValue> values = params.values();
            Object r = results.isEditable() && results.getEditor().getEditorComponent() instanceof JTextField f ? f.getText()
                    : results.getSelectedItem();
            return new Bind(portal.getText(), statement.getText(), ParameterValue.shortestFormats(values),
                    values.stream().map(ParameterValue::bytes).toList(), formatCodes(r == null ? "" : r.toString()));
        });
        return p;
    }

    private JComponent targetForm(String command, TargetMessage make) {
        JComboBox<String> target = new JComboBox<>(new String[] {Texts.get("builder.target.statement"), Texts.get("builder.target.portal")});
        target.setName(command + "Target");
        target.addActionListener(e -> refresh());
        JTextField name = field(command + "Name", "S_1");
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.target")));
        p.add(target, "wrap");
        p.add(new JLabel(Texts.get("builder.name")));
        p.add(name, "growx, wrap");
        p.add(hint(Texts.get("builder.unnamedHint")), "skip, wrap");
        String key = command.equals("describe") ? "Describe" : "Close";
        builders.put(key, () -> make.of(target.getSelectedIndex() == 0 ? 'S' : 'P', name.getText()));
        return p;
    }

    private JComponent executeForm() {
        JTextField portal = field("executePortal", "");
        JSpinner rows = new JSpinner(new SpinnerNumberModel(0, 0, Integer.MAX_VALUE, 1));
        rows.setName("executeRows");
        rows.addChangeListener(e -> refresh());
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.portal")));
        p.add(portal, "growx, wrap");
        p.add(new JLabel(Texts.get("builder.maxRows")));
        p.add(rows, "w 120!, wrap");
        p.add(hint(Texts.get("builder.maxRows.tip")), "skip, wrap");
        builders.put("Execute", () -> new Execute(portal.getText(), (Integer) rows.getValue()));
        return p;
    }

    private JComponent functionCallForm() {
        JTextField oid = field("functionOid", "");
        ParameterTable args = new ParameterTable("functionArgs");
        args.onChange(this::refresh);
        JComboBox<String> result = new JComboBox<>(new String[] {"text", "binary"});
        result.setName("functionResult");
        result.addActionListener(e -> refresh());
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.functionOid")));
        p.add(oid, "growx, wrap");
        p.add(new JLabel(Texts.get("builder.args")), "top");
        p.add(args, "grow, push, wrap");
        p.add(new JLabel(Texts.get("builder.result")));
        p.add(result, "wrap");
        builders.put("FunctionCall", () -> {
            String o = oid.getText().strip();
            long v;
            try {
                v = Long.parseLong(o);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Texts.get("builder.oidNeeded"));
            }
            if (v <= 0 || v > 0xffffffffL) {
                throw new IllegalArgumentException(Texts.get("builder.oidNeeded"));
            }
            List<ParameterValue> values = args.values();
            return new FunctionCall((int) v, ParameterValue.shortestFormats(values), values.stream().map(ParameterValue::bytes).toList(),
                    result.getSelectedIndex());
        });
        return p;
    }

    private JComponent copyDataForm() {
        JTextArea data = sqlArea("copyData", "1\tone\n");
        JCheckBox hexBytes = new JCheckBox(Texts.get("builder.copyData.hex"));
        hexBytes.setName("copyDataHex");
        hexBytes.addActionListener(e -> refresh());
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.data")), "top");
        p.add(scroll(data), "grow, push, wrap");
        p.add(hexBytes, "skip, wrap");
        builders.put("CopyData", () -> {
            if (!hexBytes.isSelected()) {
                return new CopyData(Bytes.of(data.getText().getBytes(StandardCharsets.UTF_8)));
            }
            String h = data.getText().replaceAll("\\s+", "");
            if (h.startsWith("0x") || h.startsWith("0X")) {
                h = h.substring(2);
            }
            if (h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]*")) {
                throw new IllegalArgumentException(Texts.get("builder.badHex"));
            }
            return new CopyData(Bytes.of(HexFormat.of().parseHex(h)));
        });
        return p;
    }

    private JComponent copyFailForm() {
        JTextField why = field("copyFailMessage", "changed my mind");
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.reason")));
        p.add(why, "growx, wrap");
        builders.put("CopyFail", () -> new CopyFail(why.getText()));
        return p;
    }

    private JComponent cancelForm() {
        JTextField pid = field("cancelPid", "");
        pid.putClientProperty("JTextField.placeholderText", "12345");
        JTextField key = field("cancelKey", "");
        key.putClientProperty("JTextField.placeholderText", "0x1a2b3c4d");
        JPanel p = form();
        p.add(new JLabel(Texts.get("builder.cancel.pid")));
        p.add(pid, "growx, wrap");
        p.add(new JLabel(Texts.get("builder.cancel.key")));
        p.add(key, "growx, wrap");
        p.add(hint(Texts.get("builder.cancel.hint")), "skip, wrap");
        builders.put("CancelRequest", () -> {
            int processId;
            try {
                processId = Integer.parseInt(pid.getText().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Texts.get("builder.cancel.badPid"));
            }
            String h = key.getText().strip().replaceAll("\\s+", "");
            if (h.startsWith("0x") || h.startsWith("0X")) {
                h = h.substring(2);
            }
            // 4 bytes in protocol 3.0; 3.2 allows up to 256
            if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]*") || h.length() > 512) {
                throw new IllegalArgumentException(Texts.get("builder.cancel.badKey"));
            }
            return new CancelRequest(processId, Bytes.of(HexFormat.of().parseHex(h)));
        });
        return p;
    }

    private JComponent emptyForm(String name, Supplier<FrontendMessage> make) {
        JPanel p = form();
        p.add(hint(Texts.get("builder.noFields." + name)), "span 2, growx, wrap");
        builders.put(name, make);
        return p;
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface TargetMessage {
        FrontendMessage of(char target, String name);
    }

    private static JPanel form() {
        return new JPanel(new MigLayout("insets 0, gap 6 4, fillx", "[right][grow,fill]", "[]"));
    }

    private JTextField field(String name, String text) {
        JTextField f = new JTextField(text, 16);
        f.setName(name);
        f.putClientProperty("JTextField.placeholderText", Texts.get("builder.unnamed"));
        listen(f);
        return f;
    }

    private JTextArea sqlArea(String name, String text) {
        JTextArea a = new JTextArea(text, 4, 30);
        a.setName(name);
        a.setLineWrap(true);
        a.setWrapStyleWord(true);
        a.setFont(new Font(Font.MONOSPACED, Font.PLAIN, UIManager.getFont("defaultFont") != null ? UIManager.getFont("defaultFont").getSize() : 13));
        listen(a);
        return a;
    }

    private static JScrollPane scroll(JComponent c) {
        return new JScrollPane(c);
    }

    private static JLabel hint(String text) {
        JLabel l = new JLabel("<html>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</html>");
        l.setForeground(UIManager.getColor("Label.disabledForeground"));
        return l;
    }

    private void listen(JTextComponent c) {
        c.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                refresh();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                refresh();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                refresh();
            }
        });
    }

    private static int typeOid(String t, int row) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException(Texts.get("builder.typeEmpty", row));
        }
        if (t.matches("\\d+")) {
            long v = Long.parseLong(t);
            if (v > 0xffffffffL) {
                throw new IllegalArgumentException(Texts.get("builder.typeUnknown", row, t));
            }
            return (int) v;
        }
        int oid = TypeOids.byName(t);
        if (oid < 0) {
            throw new IllegalArgumentException(Texts.get("builder.typeUnknown", row, t));
        }
        return oid;
    }

    /** {@code ""} (none: all text), {@code text}, {@code binary} or a list such as {@code 0, 1, binary}. */
    private static List<Integer> formatCodes(String s) {
        List<Integer> out = new ArrayList<>();
        for (String w : s.split("[,\\s]+")) {
            if (w.isEmpty()) {
                continue;
            }
            out.add(switch (w.toLowerCase(Locale.ROOT)) {
                case "text", "t", "0" -> 0;
                case "binary", "b", "1" -> 1;
                default -> {
                    int code;
                    try {
                        code = Integer.parseInt(w);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(Texts.get("builder.badFormat", w));
                    }
                    if (code < Short.MIN_VALUE || code > Short.MAX_VALUE) {
                        throw new IllegalArgumentException(Texts.get("builder.badFormat", w)); // an int16 on the wire
                    }
                    yield code; // any other number: to see what the server says about it
                }
            });
        }
        return out;
    }
}
