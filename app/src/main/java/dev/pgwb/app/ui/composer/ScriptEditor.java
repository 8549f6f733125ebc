package dev.pgwb.app.ui.composer;

import dev.pgwb.protocol.client.ScriptException;
import dev.pgwb.protocol.client.ScriptParser;
import java.awt.BorderLayout;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/** STAND-IN for the editor branch's ScriptEditor (same API); deleted when that branch is merged. */
public final class ScriptEditor extends JPanel {
    private final JTextArea area = new JTextArea();
    private final List<Runnable> listeners = new ArrayList<>();

    public ScriptEditor() {
        super(new BorderLayout());
        area.setName("scriptText");
        add(new JScrollPane(area));
        area.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                listeners.forEach(Runnable::run);
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                listeners.forEach(Runnable::run);
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
            }
        });
    }

    public JTextArea textArea() {
        return area;
    }

    public String getText() {
        return area.getText();
    }

    public void setText(String s) {
        area.setText(s);
        area.setCaretPosition(0);
    }

    public void insertLine(String line) {
        area.append((area.getText().isEmpty() || area.getText().endsWith("\n") ? "" : "\n") + line + "\n");
    }

    public void highlightLine(int line) {
    }

    public List<ScriptException> problems() {
        try {
            ScriptParser.parse(getText());
            return List.of();
        } catch (ScriptException e) {
            return List.of(e);
        }
    }

    public void addScriptListener(Runnable r) {
        listeners.add(r);
    }

    public void applyTheme(boolean dark) {
    }
}
