package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Texts;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import javax.swing.AbstractAction;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import net.miginfocom.swing.MigLayout;
import org.fife.ui.rtextarea.RTextArea;
import org.fife.ui.rtextarea.SearchContext;
import org.fife.ui.rtextarea.SearchEngine;
import org.fife.ui.rtextarea.SearchResult;

/**
 * The editor's find/replace bar (Ctrl+F opens it): matches are marked as you type; Enter finds the
 * next, Shift+Enter the previous, Esc closes it and returns to the text. Searching wraps around.
 */
final class FindBar extends JPanel {
    private final RTextArea area;
    private final JTextField find = new JTextField(18);
    private final JTextField replace = new JTextField(14);
    private final JCheckBox matchCase = new JCheckBox(Texts.get("composer.find.matchCase"));
    private final JCheckBox regex = new JCheckBox(Texts.get("composer.find.regex"));
    private final JLabel status = new JLabel(" ");

    FindBar(RTextArea area) {
        super(new MigLayout("insets 2 4 2 4, gap 4 2", "[][grow,fill][][][][]push[]", "[][]"));
        this.area = area;
        setName("findBar");
        find.setName("findField");
        replace.setName("replaceField");
        matchCase.setName("findMatchCase");
        regex.setName("findRegex");
        status.setName("findStatus");
        find.putClientProperty("JTextField.placeholderText", Texts.get("composer.find.placeholder"));
        replace.putClientProperty("JTextField.placeholderText", Texts.get("composer.find.replacePlaceholder"));
        JButton next = button("findNext", Texts.get("composer.find.next"), this::next);
        JButton previous = button("findPrevious", Texts.get("composer.find.previous"), this::previous);
        JButton close = button("findClose", "✕", this::close);
        close.setToolTipText(Texts.get("composer.find.close"));
        JButton replaceOne = button("replaceOne", Texts.get("composer.find.replace"), this::replaceOne);
        JButton replaceAll = button("replaceAll", Texts.get("composer.find.replaceAll"), this::replaceAll);
        add(new JLabel(Texts.get("composer.find.label")));
        add(find);
        add(previous);
        add(next);
        add(matchCase);
        add(regex);
        add(close, "wrap");
        add(new JLabel(Texts.get("composer.find.replaceLabel")));
        add(replace);
        add(replaceOne);
        add(replaceAll);
        add(status, "span 3");

        bind(find, "ENTER", this::next);
        bind(find, "shift ENTER", this::previous);
        bind(replace, "ENTER", this::replaceOne);
        bind(this, "ESCAPE", this::close);
        find.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                markAll();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                markAll();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                markAll();
            }
        });
        matchCase.addActionListener(e -> markAll());
        regex.addActionListener(e -> markAll());
        setVisible(false);
    }

    /** Shows the bar with the selection (one line of it) as the text to find. */
    void open() {
        String sel = area.getSelectedText();
        if (sel != null && !sel.isEmpty() && sel.indexOf('\n') < 0) {
            find.setText(sel);
        }
        setVisible(true);
        revalidate();
        find.selectAll();
        find.requestFocusInWindow();
        markAll();
    }

    void close() {
        setVisible(false);
        SearchContext none = context(true);
        none.setSearchFor("");
        SearchEngine.markAll(area, none);
        area.requestFocusInWindow();
    }

    void next() {
        search(true);
    }

    void previous() {
        search(false);
    }

    private void search(boolean forward) {
        if (find.getText().isEmpty()) {
            return;
        }
        SearchResult r = SearchEngine.find(area, context(forward));
        report(r);
    }

    private void replaceOne() {
        if (find.getText().isEmpty()) {
            return;
        }
        report(SearchEngine.replace(area, context(true)));
    }

    private void replaceAll() {
        if (find.getText().isEmpty()) {
            return;
        }
        SearchResult r = SearchEngine.replaceAll(area, context(true));
        status.setForeground(UIManager.getColor("Label.foreground"));
        status.setText(Texts.get("composer.find.replaced", r.getCount()));
    }

    private void markAll() {
        if (!isVisible()) {
            return;
        }
        try {
            SearchResult r = SearchEngine.markAll(area, context(true));
            if (find.getText().isEmpty()) {
                status.setText(" ");
            } else {
                status.setForeground(r.getMarkedCount() == 0 ? UIManager.getColor("Component.error.focusedBorderColor")
                        : UIManager.getColor("Label.foreground"));
                status.setText(Texts.get("composer.find.matches", r.getMarkedCount()));
            }
        } catch (java.util.regex.PatternSyntaxException e) {
            status.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
            status.setText(Texts.get("composer.find.badRegex", e.getDescription()));
        }
    }

    private void report(SearchResult r) {
        if (!r.wasFound()) {
            status.setForeground(UIManager.getColor("Component.error.focusedBorderColor"));
            status.setText(Texts.get("composer.find.notFound"));
        } else {
            status.setForeground(UIManager.getColor("Label.foreground"));
            status.setText(Texts.get("composer.find.matches", r.getMarkedCount()));
        }
    }

    private SearchContext context(boolean forward) {
        SearchContext c = new SearchContext(find.getText(), matchCase.isSelected());
        c.setRegularExpression(regex.isSelected());
        c.setSearchForward(forward);
        c.setSearchWrap(true);
        c.setMarkAll(true);
        c.setReplaceWith(replace.getText());
        return c;
    }

    private static JButton button(String name, String text, Runnable r) {
        JButton b = new JButton(text);
        b.setName(name);
        b.addActionListener(e -> r.run());
        b.putClientProperty("JButton.buttonType", "toolBarButton");
        return b;
    }

    private static void bind(JComponent c, String key, Runnable r) {
        String id = "pgwb.find." + key;
        c.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).put(KeyStroke.getKeyStroke(key), id);
        c.getInputMap(JComponent.WHEN_FOCUSED).put(KeyStroke.getKeyStroke(key), id);
        c.getActionMap().put(id, new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                r.run();
            }
        });
    }

    static KeyStroke shortcut() {
        return KeyStroke.getKeyStroke(KeyEvent.VK_F, java.awt.Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx());
    }
}
