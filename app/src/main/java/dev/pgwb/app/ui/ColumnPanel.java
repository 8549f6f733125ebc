package dev.pgwb.app.ui;

import java.awt.Dimension;
import java.awt.LayoutManager;
import java.awt.Rectangle;
import javax.swing.JPanel;
import javax.swing.Scrollable;

/**
 * A panel for a scroll pane that scrolls only vertically: as wide as the column it sits in (its
 * contents wrap or shrink), as tall as it needs (forms, the relay panel).
 */
public class ColumnPanel extends JPanel implements Scrollable {

    public ColumnPanel(LayoutManager layout) {
        super(layout);
    }

    @Override
    public Dimension getPreferredScrollableViewportSize() {
        return getPreferredSize();
    }

    @Override
    public int getScrollableUnitIncrement(Rectangle visible, int orientation, int direction) {
        return 16;
    }

    @Override
    public int getScrollableBlockIncrement(Rectangle visible, int orientation, int direction) {
        return Math.max(16, visible.height - 16);
    }

    @Override
    public boolean getScrollableTracksViewportWidth() {
        return true;
    }

    @Override
    public boolean getScrollableTracksViewportHeight() {
        // fills a taller viewport (so its rows can grow) and scrolls in a shorter one
        return getParent() != null && getParent().getHeight() > getPreferredSize().height;
    }
}
