package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.client.Scenario;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JEditorPane;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.ListSelectionModel;

/**
 * The scenario library beside the composer: every scenario by number and title, the selected one's
 * explanation (what it teaches, the expected outcome, the server version it needs, what the server must allow), and "Open",
 * which loads its script into the editor.
 */
public final class ScenarioBrowser extends JPanel {
    private final JList<Scenario> list;
    private final JEditorPane about = new JEditorPane();
    private final JButton open = new JButton(Texts.get("composer.scenarios.open"));

    public ScenarioBrowser(List<Scenario> scenarios, Consumer<Scenario> onOpen) {
        super(new BorderLayout());
        setName("scenarioBrowser");
        list = new JList<>(scenarios.toArray(Scenario[]::new));
        list.setName("scenarioList");
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setCellRenderer(new DefaultListCellRenderer() {
            @Override
            public Component getListCellRendererComponent(JList<?> l, Object v, int i, boolean s, boolean f) {
                Scenario sc = (Scenario) v;
                super.getListCellRendererComponent(l, String.format("%02d  %s", Math.max(0, sc.number()), sc.title()), i, s, f);
                setToolTipText(sc.name());
                return this;
            }
        });
        about.setName("scenarioAbout");
        about.setContentType("text/html");
        about.setEditable(false);
        about.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
        open.setName("scenarioOpen");
        open.setEnabled(false);
        open.addActionListener(e -> {
            if (list.getSelectedValue() != null) {
                onOpen.accept(list.getSelectedValue());
            }
        });
        list.addListSelectionListener(e -> {
            Scenario s = list.getSelectedValue();
            open.setEnabled(s != null);
            about.setText(s == null ? "" : html(s));
            about.setCaretPosition(0);
        });
        list.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getClickCount() == 2 && list.getSelectedValue() != null) {
                    onOpen.accept(list.getSelectedValue());
                }
            }
        });
        JLabel title = new JLabel(Texts.get("composer.scenarios.title", scenarios.size()));
        title.putClientProperty("FlatLaf.styleClass", "h4");
        title.setBorder(BorderFactory.createEmptyBorder(6, 8, 4, 8));
        JScrollPane aboutScroll = new JScrollPane(about);
        aboutScroll.setBorder(null);
        JPanel bottom = new JPanel(new BorderLayout());
        bottom.add(aboutScroll, BorderLayout.CENTER);
        JPanel buttons = new JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.RIGHT, 8, 4));
        buttons.add(open);
        bottom.add(buttons, BorderLayout.SOUTH);
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(list), bottom);
        split.setResizeWeight(0.5);
        split.setBorder(null);
        add(title, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
        if (!scenarios.isEmpty()) {
            list.setSelectedIndex(0);
        }
    }

    public JList<Scenario> scenarioList() {
        return list;
    }

    /** Selects the scenario named {@code name} (full name), if the library has it. */
    public boolean select(String name) {
        for (int i = 0; i < list.getModel().getSize(); i++) {
            if (list.getModel().getElementAt(i).name().equals(name)) {
                list.setSelectedIndex(i);
                list.ensureIndexIsVisible(i);
                return true;
            }
        }
        return false;
    }

    /** The explanation of a scenario, as the pane and the editor's header show it. */
    static String html(Scenario s) {
        StringBuilder b = new StringBuilder("<html><body style='padding:6px'>");
        b.append("<b>").append(esc(s.title())).append("</b><br><code>").append(esc(s.name())).append("</code>");
        if (!s.teaches().isEmpty()) {
            b.append("<p>").append(esc(s.teaches())).append("</p>");
        }
        if (!s.outcome().isEmpty()) {
            b.append("<p><b>").append(esc(Texts.get("composer.scenarios.outcome"))).append("</b> ").append(esc(s.outcome())).append("</p>");
        }
        if (!s.requires().isEmpty()) {
            b.append("<p><b>").append(esc(Texts.get("composer.scenarios.requires"))).append("</b> ").append(esc(s.requires()))
                    .append(esc(Texts.get("composer.scenarios.orNewer"))).append("</p>");
        }
        if (!s.server().isEmpty()) {
            b.append("<p><b>").append(esc(Texts.get("composer.scenarios.server"))).append("</b> ").append(esc(s.server())).append("</p>");
        }
        return b.append("</body></html>").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
