package dev.pgwb.app.ui.timeline;

import dev.pgwb.app.ui.ActionId;
import dev.pgwb.app.ui.ActionRegistry;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.filter.FilterParser;
import dev.pgwb.protocol.filter.RowFacts;
import java.util.function.Consumer;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import net.miginfocom.swing.MigLayout;

/**
 * The filter box above the timeline, with its inline error and the quick toggles. The filter is
 * compiled as the user types (after a short pause); a mistake is shown next to the box and the
 * last good filter stays in force.
 */
public final class FilterBar extends JPanel {
    private final JTextField field = new JTextField();
    private final JLabel error = new JLabel(" ");
    private final ActionRegistry actions;
    private final Timer debounce;
    private Consumer<Filter> changed = f -> { };
    private Filter userFilter = Filter.ALL;
    private int connection;

    public FilterBar(ActionRegistry actions) {
        super(new MigLayout("insets 4 6 2 6, fillx", "[][grow,fill][][]", "[][]0"));
        this.actions = actions;
        field.setName("filterField");
        field.putClientProperty("JTextField.placeholderText", Texts.get("filter.placeholder"));
        field.putClientProperty("JTextField.showClearButton", true);
        error.setName("filterError");
        error.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
        add(new JLabel(Texts.get("filter.label")));
        add(field);
        add(actions.toggle(ActionId.ERRORS_ONLY));
        add(actions.toggle(ActionId.HIDE_DATAROW), "wrap");
        add(error, "skip, span 3, growx, wmin 0");
        debounce = new Timer(250, e -> compile());
        debounce.setRepeats(false);
        field.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                debounce.restart();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                debounce.restart();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                debounce.restart();
            }
        });
        field.addActionListener(e -> {
            debounce.stop();
            compile();
        });
    }

    @Override
    public void updateUI() {
        super.updateUI();
        if (error != null) {
            error.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
        }
    }

    /** Told the effective filter (text, toggles and the selected connection together) whenever it changes. */
    public void onChange(Consumer<Filter> c) {
        changed = c;
    }

    public JTextField field() {
        return field;
    }

    public void setConnection(int id) {
        connection = id;
        fire();
    }

    /** A toggle changed. */
    public void togglesChanged() {
        fire();
    }

    private void compile() {
        try {
            userFilter = FilterParser.parse(field.getText());
            error.setText(" ");
            field.putClientProperty("JComponent.outline", null);
            fire();
        } catch (FilterParser.FilterException e) {
            error.setText(Texts.get("filter.error", e.position() + 1, e.getMessage()));
            field.putClientProperty("JComponent.outline", "error");
        }
    }

    public String errorText() {
        return error.getText().trim();
    }

    public Filter effective() {
        Filter f = userFilter;
        if (Boolean.TRUE.equals(actions.get(ActionId.ERRORS_ONLY).getValue(javax.swing.Action.SELECTED_KEY))) {
            f = Filter.and(f, Filter.of(false, RowFacts::isError, "is:error"));
        }
        if (Boolean.TRUE.equals(actions.get(ActionId.HIDE_DATAROW).getValue(javax.swing.Action.SELECTED_KEY))) {
            f = Filter.and(f, Filter.of(false, r -> !r.typeName().equals("DataRow"), "!type:DataRow"));
        }
        if (connection > 0) {
            int id = connection;
            f = Filter.and(f, Filter.of(false, r -> r.connectionId() == id, "conn:" + id));
        }
        return f;
    }

    private void fire() {
        changed.accept(effective());
    }
}
