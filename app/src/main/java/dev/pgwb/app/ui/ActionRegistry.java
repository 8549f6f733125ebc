package dev.pgwb.app.ui;

import java.awt.Toolkit;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.swing.AbstractAction;
import javax.swing.Action;
import javax.swing.JButton;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JComponent;
import javax.swing.JMenuItem;
import javax.swing.JRootPane;
import javax.swing.JToggleButton;
import javax.swing.KeyStroke;

/**
 * The one registry of the window's actions: menus, toolbar, start page and keyboard shortcuts are
 * all built from it, so a command has one name, one shortcut and one enabled state everywhere.
 */
public final class ActionRegistry {
    private final Map<ActionId, Action> actions = new EnumMap<>(ActionId.class);

    /** Registers what {@code id} does. Toggle actions keep their state in {@link Action#SELECTED_KEY}. */
    public Action register(ActionId id, Consumer<ActionEvent> perform) {
        Action a = new AbstractAction(Texts.get(id.textKey())) {
            @Override
            public void actionPerformed(ActionEvent e) {
                perform.accept(e);
            }
        };
        String tip = Texts.get(id.textKey() + ".tip");
        if (!tip.equals(id.textKey() + ".tip")) {
            a.putValue(Action.SHORT_DESCRIPTION, tip);
        }
        if (id.key != 0) {
            // function keys are plain (F1 help, F5 present), as everywhere else
            boolean functionKey = id.key >= java.awt.event.KeyEvent.VK_F1 && id.key <= java.awt.event.KeyEvent.VK_F12;
            int mask = functionKey ? 0 : Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()
                    | (id.shift ? InputEvent.SHIFT_DOWN_MASK : 0);
            a.putValue(Action.ACCELERATOR_KEY, KeyStroke.getKeyStroke(id.key, mask));
        }
        a.putValue(Action.ACTION_COMMAND_KEY, id.name());
        actions.put(id, a);
        return a;
    }

    public Action get(ActionId id) {
        Action a = actions.get(id);
        if (a == null) {
            throw new IllegalStateException("action " + id + " was never registered");
        }
        return a;
    }

    public void setEnabled(ActionId id, boolean enabled) {
        get(id).setEnabled(enabled);
    }

    public JMenuItem menuItem(ActionId id) {
        JMenuItem item = new JMenuItem(get(id));
        item.setName("menu." + id.name());
        return item;
    }

    public JCheckBoxMenuItem checkItem(ActionId id) {
        JCheckBoxMenuItem item = new JCheckBoxMenuItem(get(id));
        item.setName("menu." + id.name());
        return item;
    }

    public JButton button(ActionId id) {
        JButton b = new JButton(get(id));
        b.setName("button." + id.name());
        b.setFocusable(false);
        return b;
    }

    public JToggleButton toggle(ActionId id) {
        JToggleButton b = new JToggleButton(get(id));
        b.setName("toggle." + id.name());
        b.setFocusable(false);
        return b;
    }

    /** Binds every shortcut on the root pane, so they work wherever the focus is. */
    public void bindShortcuts(JRootPane root) {
        for (Map.Entry<ActionId, Action> e : actions.entrySet()) {
            KeyStroke ks = (KeyStroke) e.getValue().getValue(Action.ACCELERATOR_KEY);
            if (ks != null) {
                root.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(ks, e.getKey().name());
                root.getActionMap().put(e.getKey().name(), e.getValue());
            }
        }
    }
}
