package dev.pgwb.app.ui.timeline;

import dev.pgwb.app.ui.Themes;
import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import java.awt.Rectangle;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableColumnModel;

/**
 * The message list: one row per frame, type coloured by family, errors and problems tinted.
 * Follows the live tail while the view is scrolled to the bottom, and stops when the user scrolls away.
 */
public final class TimelineTable extends JTable {
    private final TimelineModel model;
    private boolean followTail = true;
    private int lastScrollValue;
    private int selectedFrame = -1;
    private boolean changing;

    public TimelineTable(TimelineModel model) {
        super(model);
        this.model = model;
        setName("timeline");
        // several rows at once for "Send to Composer"; the details show the first
        setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        setAutoCreateColumnsFromModel(false);
        setFillsViewportHeight(true);
        setAutoResizeMode(AUTO_RESIZE_LAST_COLUMN);
        setShowGrid(false);
        getTableHeader().setReorderingAllowed(false);
        setDefaultRenderer(Object.class, new Renderer());
        setDefaultRenderer(String.class, new Renderer());
        setDefaultRenderer(Long.class, new Renderer());
        sizeColumns();
        model.onUpdate(this::afterUpdate);
        getSelectionModel().addListSelectionListener(e -> {
            if (!changing && !e.getValueIsAdjusting()) {
                int r = getSelectedRow();
                selectedFrame = r >= 0 ? model.frameAt(r) : -1;
            }
        });
    }

    /** The session frame index of the selected row, kept across filter changes; -1 when none. */
    public int selectedFrame() {
        return getSelectedRow() >= 0 ? model.frameAt(getSelectedRow()) : -1;
    }

    /** The session frame indexes of every selected row, in timeline order. */
    public int[] selectedFrames() {
        int[] rows = getSelectedRows();
        int[] frames = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            frames[i] = model.frameAt(rows[i]);
        }
        return frames;
    }

    /** Selects the row of session frame {@code frame} (if the filter shows it) and scrolls to it. */
    public boolean selectFrame(int frame) {
        int r = model.rowOf(frame);
        if (r < 0) {
            return false;
        }
        setRowSelectionInterval(r, r);
        scrollRectToVisible(getCellRect(r, 0, true));
        return true;
    }

    @Override
    public void tableChanged(javax.swing.event.TableModelEvent e) {
        if (model == null) {
            super.tableChanged(e);
            return;
        }
        boolean replaced = e.getType() == javax.swing.event.TableModelEvent.UPDATE && e.getFirstRow() == 0
                && e.getLastRow() == Integer.MAX_VALUE;
        int keep = selectedFrame;
        changing = replaced;
        try {
            super.tableChanged(e);
        } finally {
            changing = false;
        }
        if (replaced && keep >= 0 && model.getRowCount() > 0 && e.getColumn() == javax.swing.event.TableModelEvent.ALL_COLUMNS) {
            int r = model.rowOf(keep);
            if (r >= 0) {
                setRowSelectionInterval(r, r);
                SwingUtilities.invokeLater(() -> scrollRectToVisible(getCellRect(r, 0, true)));
            }
        }
    }

    /** Wraps the table in a scroll pane that tells it whether the user left the tail. */
    public JScrollPane inScrollPane() {
        JScrollPane sp = new JScrollPane(this);
        sp.setName("timelineScroll");
        var bar = sp.getVerticalScrollBar();
        bar.getModel().addChangeListener(e -> {
            int v = bar.getValue();
            if (v != lastScrollValue) {
                lastScrollValue = v;
                followTail = v + bar.getVisibleAmount() >= bar.getMaximum() - getRowHeight();
            }
        });
        return sp;
    }

    private void afterUpdate() {
        if (followTail && getRowCount() > 0) {
            SwingUtilities.invokeLater(() -> {
                int last = getRowCount() - 1;
                if (last >= 0 && followTail) {
                    Rectangle r = getCellRect(last, 0, true);
                    scrollRectToVisible(r);
                }
            });
        }
    }

    @Override
    public void updateUI() {
        super.updateUI();
        setRowHeight(Math.max(18, getFontMetrics(getFont()).getHeight() + 4));
        if (model != null) {
            sizeColumns();
        }
    }

    /** Column widths from the font (and the header's language), so values are never cut: the summary takes the rest. */
    private void sizeColumns() {
        java.awt.FontMetrics fm = getFontMetrics(getFont());
        java.awt.FontMetrics bold = getFontMetrics(getFont().deriveFont(Font.BOLD));
        String[] samples = {"000000", "00:00:00.000", "00.000 ms", "←", "00", null, "00000", "00.000 ms", null};
        TableColumnModel cm = getColumnModel();
        for (int i = 0; i < samples.length; i++) {
            int header = fm.stringWidth(model.getColumnName(i)) + 18;
            int w = i == TimelineModel.COL_TYPE ? bold.stringWidth("CommandComplete") + 14
                    : i == TimelineModel.COL_SUMMARY ? 600 : fm.stringWidth(samples[i]) + 14;
            w = Math.max(w, header);
            cm.getColumn(i).setPreferredWidth(w);
            if (i != TimelineModel.COL_SUMMARY) {
                cm.getColumn(i).setMinWidth(w);
                cm.getColumn(i).setMaxWidth(w);
            }
        }
    }

    private java.util.Set<Long> related = java.util.Set.of();

    /** Marks these frames (the selection's request and replies) with a background of their own. */
    public void setRelated(java.util.Set<Long> frameIndexes) {
        related = java.util.Set.copyOf(frameIndexes);
        repaint();
    }

    /** True when the frame is marked as related to the selection (for tests). */
    public boolean isRelated(long frameIndex) {
        return related.contains(frameIndex);
    }

    private final class Renderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus, int row, int col) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, col);
            int c = t.convertColumnIndexToModel(col);
            int frame = model.frameAt(t.convertRowIndexToModel(row));
            setHorizontalAlignment(c == TimelineModel.COL_SEQ || c == TimelineModel.COL_LENGTH || c == TimelineModel.COL_DELTA
                    || c == TimelineModel.COL_REPLY || c == TimelineModel.COL_CONN ? SwingConstants.RIGHT
                    : c == TimelineModel.COL_DIR ? SwingConstants.CENTER : SwingConstants.LEFT);
            Font f = t.getFont();
            setToolTipText(c == TimelineModel.COL_SUMMARY && value != null && !String.valueOf(value).isEmpty() ? String.valueOf(value) : null);
            setFont(c == TimelineModel.COL_TYPE ? f.deriveFont(Font.BOLD) : f);
            if (!selected) {
                Color bg = related.contains((long) frame) ? relatedBackground(t)
                        : model.isError(frame) ? UIManager.getColor("pgwb.errorRow")
                        : model.hasProblems(frame) ? UIManager.getColor("pgwb.problemRow") : null;
                setBackground(bg != null ? bg : t.getBackground());
                if (c == TimelineModel.COL_TYPE) {
                    setForeground(MessageFamily.of(String.valueOf(value)).color(Themes.isDark()));
                    setToolTipText(dev.pgwb.app.ui.Texts.get(MessageFamily.of(String.valueOf(value)).textKey()));
                } else if (c == TimelineModel.COL_DIR) {
                    setForeground(String.valueOf(value).equals("→") ? UIManager.getColor("Actions.Blue") : UIManager.getColor("Actions.Green"));
                } else {
                    setForeground(t.getForeground());
                }
            }
            return this;
        }
    }

    /**
     * A tint of the (focused) selection colour, so related rows read as "belongs to the selected
     * one" whether or not the table has the focus.
     */
    private static Color relatedBackground(JTable t) {
        Color sel = UIManager.getColor("Table.selectionBackground");
        if (sel == null) {
            sel = t.getSelectionBackground();
        }
        Color bg = t.getBackground();
        return new Color((sel.getRed() + 4 * bg.getRed()) / 5, (sel.getGreen() + 4 * bg.getGreen()) / 5,
                (sel.getBlue() + 4 * bg.getBlue()) / 5);
    }
}
