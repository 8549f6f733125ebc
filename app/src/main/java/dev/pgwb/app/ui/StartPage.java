package dev.pgwb.app.ui;

import java.awt.Font;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import net.miginfocom.swing.MigLayout;

/** What a first-time user sees: the four ways to start, each a button with one sentence about it. */
public final class StartPage extends JPanel {

    public StartPage(ActionRegistry actions) {
        super(new MigLayout("insets 40, wrap 2, align center center", "[220!, fill]24[400]", "[]16[]"));
        setName("startPage");
        JLabel title = new JLabel(Texts.get("start.title"));
        title.putClientProperty("FlatLaf.styleClass", "h1");
        add(title, "span 2, align left");
        JLabel intro = new JLabel("<html>" + Texts.get("start.intro") + "</html>");
        add(intro, "span 2, align left, wmax 660, gapbottom 12");
        entry(actions, ActionId.NEW_RELAY, "start.relay");
        entry(actions, ActionId.OPEN, "start.open");
        entry(actions, ActionId.SANDBOX_START, "start.sandbox");
        entry(actions, ActionId.OPEN_SCENARIO, "start.scenario");
        JLabel hint = new JLabel("<html>" + Texts.get("start.dropHint") + "</html>");
        hint.setFont(hint.getFont().deriveFont(Font.ITALIC));
        add(hint, "span 2, align left, gaptop 20");
    }

    private void entry(ActionRegistry actions, ActionId id, String textKey) {
        JButton b = new JButton(actions.get(id));
        b.setName("start." + id.name());
        b.putClientProperty("JButton.buttonType", "default");
        b.setHorizontalAlignment(JButton.LEFT);
        add(b, "h 36!");
        add(new JLabel("<html>" + Texts.get(textKey) + "</html>"), "wmax 400");
    }
}
