package dev.pgwb.app.ui.sequence;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.Themes;
import dev.pgwb.app.ui.timeline.MessageFamily;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.session.ConnectionInfo;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.IntConsumer;
import javax.swing.JComponent;
import javax.swing.JViewport;
import javax.swing.Scrollable;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;

/**
 * The sequence diagram of one connection: client and server lanes, time flowing down, one arrow
 * per line (a message, or a folded run of DataRows), round trips bracketed from their first
 * request to their ReadyForQuery. Painted by hand and only where it shows: a line's message is
 * decoded when it is painted, so a million-message connection scrolls like a short one.
 *
 * <p>One paint path ({@link #paintDiagram}) serves the screen, the PNG and the SVG export. The lane
 * headers stay at the top of whatever area is painted (sticky while scrolling; the viewport must
 * not blit, see {@link SequenceView}).
 */
public final class SequenceDiagram extends JComponent implements Scrollable {
    public static final double MIN_ZOOM = 0.5;
    public static final double MAX_ZOOM = 4;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private SequenceModel model;
    private ConnectionInfo connection;
    private double zoom = 1;
    private boolean presentation;
    private int selectedLine = -1;
    private IntConsumer onSelect = r -> { };

    public SequenceDiagram() {
        setName("sequenceDiagram");
        setFocusable(true);
        setOpaque(true);
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                requestFocusInWindow();
                int line = lineAt(e.getY());
                if (line < 0) {
                    return;
                }
                if (e.getClickCount() == 2 && model.isRun(line)) {
                    toggleRun(line);
                    return;
                }
                selectLine(line, true);
            }

            @Override
            public void mouseWheelMoved(MouseWheelEvent e) {
                if (e.isControlDown() || e.isMetaDown()) {
                    zoomAround(zoom * Math.pow(1.1, -e.getPreciseWheelRotation()), e.getY());
                } else if (getParent() != null) {
                    // not consumed by us: let the scroll pane scroll
                    getParent().dispatchEvent(SwingUtilities.convertMouseEvent(SequenceDiagram.this, e, getParent()));
                }
            }
        };
        addMouseListener(mouse);
        addMouseWheelListener(mouse);
        setToolTipText(""); // tooltips on: the full text of a line whose label was cut
    }

    @Override
    public String getToolTipText(MouseEvent e) {
        int line = lineAt(e.getY());
        if (line < 0) {
            return null;
        }
        String text = lineText(line);
        int row = model.lineFirstRow(line);
        String when = TIME.format(Instant.ofEpochSecond(0, model.timeNanos(row)));
        String tip = "#" + (model.frameIndex(row) + 1) + "  " + when + "  " + text;
        if (model.isRun(line)) {
            tip += "  (" + Texts.get("sequence.runTip") + ")";
        }
        return tip.length() > 400 ? tip.substring(0, 400) + "…" : tip;
    }

    // ------------------------------------------------------------------ state

    /** Shows {@code m} (null: nothing); {@code info} names the lanes. */
    public void setModel(SequenceModel m, ConnectionInfo info) {
        model = m;
        connection = info;
        selectedLine = -1;
        revalidate();
        repaint();
    }

    public SequenceModel model() {
        return model;
    }

    public void setConnectionInfo(ConnectionInfo info) {
        connection = info;
        repaint();
    }

    /** Told the selected row when the user selects a line (not when the program does). */
    public void onSelect(IntConsumer c) {
        onSelect = c;
    }

    public double zoom() {
        return zoom;
    }

    public void setZoom(double z) {
        zoomAround(z, -1);
    }

    /** Zooms keeping the line under {@code y} (or the top visible line) where it is on the screen. */
    void zoomAround(double z, int y) {
        z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        if (Math.abs(z - zoom) < 1e-6) {
            return;
        }
        Rectangle view = getVisibleRect();
        int anchorY = y >= 0 ? y : view.y + headerHeight();
        double anchorLine = (anchorY - headerHeight()) / (double) lineHeight();
        int offsetOnScreen = anchorY - view.y;
        zoom = z;
        revalidate();
        if (getParent() instanceof JViewport vp) {
            vp.validate();
            int newY = (int) Math.round(headerHeight() + anchorLine * lineHeight()) - offsetOnScreen;
            int maxY = Math.max(0, getPreferredSize().height - vp.getExtentSize().height);
            vp.setViewPosition(new java.awt.Point(vp.getViewPosition().x, Math.max(0, Math.min(maxY, newY))));
        }
        repaint();
    }

    /** The zoom at which the diagram's natural width fills {@code width}. */
    double zoomToFit(int width) {
        double natural = naturalWidth(presentation ? 2 : 1);
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, width / natural));
    }

    public boolean presentation() {
        return presentation;
    }

    public void setPresentation(boolean on) {
        int line = selectedLine;
        presentation = on;
        revalidate();
        repaint();
        if (line >= 0) {
            SwingUtilities.invokeLater(() -> scrollToLine(line, true));
        }
    }

    public int selectedLine() {
        return selectedLine;
    }

    /** The selected line's first row, or -1. */
    public int selectedRow() {
        return model == null || selectedLine < 0 || selectedLine >= model.lineCount() ? -1 : model.lineFirstRow(selectedLine);
    }

    /** Selects a line and scrolls it into view; {@code byUser} tells the selection listener. */
    public void selectLine(int line, boolean byUser) {
        if (model == null || line < 0 || line >= model.lineCount()) {
            return;
        }
        selectedLine = line;
        scrollToLine(line, presentation);
        repaint();
        if (byUser) {
            onSelect.accept(model.lineFirstRow(line));
        }
    }

    /** Selects the line showing row {@code row} (the timeline selected its frame). */
    public void selectRow(int row) {
        if (model == null || row < 0 || row >= model.rowCount()) {
            return;
        }
        selectLine(model.lineOfRow(row), false);
    }

    public void clearSelection() {
        selectedLine = -1;
        repaint();
    }

    /** Moves the selection {@code delta} lines (presentation steps); returns whether it moved. */
    public boolean step(int delta) {
        if (model == null || model.lineCount() == 0) {
            return false;
        }
        int to = selectedLine < 0 ? (delta > 0 ? 0 : model.lineCount() - 1)
                : Math.max(0, Math.min(model.lineCount() - 1, selectedLine + delta));
        if (to == selectedLine) {
            return false;
        }
        selectLine(to, true);
        return true;
    }

    void toggleRun(int line) {
        int row = model.lineFirstRow(line);
        model.setExpanded(line, !model.isExpanded(line));
        selectedLine = model.lineOfRow(row);
        revalidate();
        repaint();
    }

    /** Scrolls so that {@code line} shows below the sticky header (centred when asked or when far away). */
    public void scrollToLine(int line, boolean center) {
        Rectangle view = getVisibleRect();
        int top = headerHeight() + line * lineHeight();
        int usable = view.height - headerHeight();
        boolean visible = top >= view.y + headerHeight() && top + lineHeight() <= view.y + view.height;
        if (visible && !center) {
            return;
        }
        int y = center || usable < lineHeight() * 3 ? top - headerHeight() - Math.max(0, (usable - lineHeight()) / 2)
                : top < view.y + headerHeight() ? top - headerHeight() : top + lineHeight() - view.height;
        scrollRectToVisible(new Rectangle(view.x, Math.max(0, y), Math.max(1, view.width), view.height));
    }

    /** The line at component y, or -1 (header, below the end). */
    public int lineAt(int y) {
        if (model == null || y < getVisibleRect().y + headerHeight()) {
            return -1;
        }
        int line = Math.floorDiv(y - headerHeight(), lineHeight());
        return line >= 0 && line < model.lineCount() ? line : -1;
    }

    /** The component y of the middle of {@code line}'s arrow (tests click there). */
    public int arrowY(int line) {
        return headerHeight() + line * lineHeight() + arrowOffset();
    }

    // ------------------------------------------------------------------ metrics (all scale with zoom and presentation)

    double scale() {
        return zoom * (presentation ? 2 : 1);
    }

    private Font baseFont() {
        Font f = UIManager.getFont("defaultFont");
        if (f == null) {
            f = getFont() != null ? getFont() : new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        }
        return f;
    }

    private Font cachedBase;
    private double cachedScale;
    private Font cachedFont;
    private Font cachedSmall;

    /** The diagram's font at the current scale (derived once per look-and-feel font and scale: paint asks often). */
    Font font() {
        Font base = baseFont();
        double s = scale();
        if (base != cachedBase || s != cachedScale) {
            cachedBase = base;
            cachedScale = s;
            cachedFont = base.deriveFont((float) (base.getSize2D() * s));
            cachedSmall = base.deriveFont((float) (base.getSize2D() * 0.85 * s));
        }
        return cachedFont;
    }

    private Font smallFont() {
        font();
        return cachedSmall;
    }

    private FontMetrics fm(Font f) {
        return getFontMetrics(f);
    }

    public int lineHeight() {
        return (int) Math.round(fm(font()).getHeight() * 2.0 + 2 * scale());
    }

    private int arrowOffset() {
        return (int) Math.round(fm(font()).getHeight() * 1.45 + 1 * scale());
    }

    public int headerHeight() {
        FontMetrics m = fm(font());
        FontMetrics s = fm(smallFont());
        return m.getHeight() + 2 * s.getHeight() + (int) Math.round(18 * scale());
    }

    private int marginWidth(double scaleOf) {
        Font small = baseFont().deriveFont((float) (baseFont().getSize2D() * 0.85 * scaleOf));
        return fm(small).stringWidth("00:00:00.000") + (int) Math.round(20 * scaleOf);
    }

    private int boxWidth(double scaleOf) {
        return (int) Math.round((presentation ? 150 : 190) * scaleOf);
    }

    private int rightWidth(double scaleOf) {
        Font small = baseFont().deriveFont((float) (baseFont().getSize2D() * 0.85 * scaleOf));
        return fm(small).stringWidth("RT 9999 · 999.9 ms") + (int) Math.round(28 * scaleOf);
    }

    /** Width at which the lanes sit as close as is still readable, for a given scale. */
    /** Right of the server lane: the round trips' brackets and labels, and half the server's header box. */
    private int rightReserve(double s) {
        return Math.max(rightWidth(s), boxWidth(s) / 2 + (int) Math.round(6 * s));
    }

    private double naturalWidth(double s) {
        // presenting, the lanes come closer so that big letters still fit beside the fields
        return marginWidth(s) + boxWidth(s) / 2.0 + (presentation ? 300 : 440) * s + rightReserve(s);
    }

    private int clientX(int width) {
        return marginWidth(scale()) + boxWidth(scale()) / 2;
    }

    private int serverX(int width) {
        return Math.max(clientX(width) + 40, width - rightReserve(scale()));
    }

    // ------------------------------------------------------------------ Scrollable

    @Override
    public Dimension getPreferredSize() {
        int lines = model == null ? 0 : model.lineCount();
        return new Dimension((int) Math.ceil(naturalWidth(scale())), headerHeight() + lines * lineHeight() + lineHeight());
    }

    @Override
    public Dimension getPreferredScrollableViewportSize() {
        return new Dimension(800, 600);
    }

    @Override
    public int getScrollableUnitIncrement(Rectangle visible, int orientation, int direction) {
        return orientation == SwingConstants.VERTICAL ? lineHeight() : Math.max(16, visible.width / 20);
    }

    @Override
    public int getScrollableBlockIncrement(Rectangle visible, int orientation, int direction) {
        return orientation == SwingConstants.VERTICAL ? Math.max(lineHeight(), visible.height - headerHeight() - lineHeight())
                : visible.width;
    }

    @Override
    public boolean getScrollableTracksViewportWidth() {
        return getParent() instanceof JViewport vp && vp.getWidth() >= getPreferredSize().width;
    }

    @Override
    public boolean getScrollableTracksViewportHeight() {
        return getParent() instanceof JViewport vp && vp.getHeight() > getPreferredSize().height;
    }

    // ------------------------------------------------------------------ painting

    @Override
    protected void paintComponent(Graphics g) {
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            paintDiagram(g2, getVisibleRect(), Themes.isDark());
        } finally {
            g2.dispose();
        }
    }

    /** Colours of one painting, read once from the look and feel. */
    private record Palette(Color background, Color foreground, Color muted, Color lane, Color selection, Color errorRow,
                           Color band, Color error, Color notice, boolean dark) {
        static Palette current(boolean dark) {
            Color bg = color("Table.background", dark ? new Color(0x2b2b2b) : Color.WHITE);
            Color fg = color("Table.foreground", dark ? new Color(0xdddddd) : Color.BLACK);
            Color muted = color("Label.disabledForeground", Color.GRAY);
            Color sel = color("Table.selectionBackground", new Color(0x2675bf));
            return new Palette(bg, fg, muted, mix(fg, bg, 0.35), withAlpha(sel, dark ? 140 : 90),
                    color("pgwb.errorRow", dark ? new Color(0x4a2326) : new Color(0xfde7e7)),
                    withAlpha(fg, dark ? 14 : 10), MessageFamily.ERROR_NOTICE.color(dark),
                    dark ? new Color(0xf0b45a) : new Color(0xa15c00), dark);
        }

        private static Color color(String key, Color fallback) {
            Color c = UIManager.getColor(key);
            return c != null ? new Color(c.getRGB(), true) : fallback;
        }
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) (a.getRed() * t + b.getRed() * (1 - t)), (int) (a.getGreen() * t + b.getGreen() * (1 - t)),
                (int) (a.getBlue() * t + b.getBlue() * (1 - t)));
    }

    /**
     * Paints the part {@code area} of the diagram (component coordinates) into {@code g}, which is
     * translated so that {@code area}'s corner is where it should land: the screen passes the
     * visible rectangle, the exports pass the visible rectangle or a chosen range.
     */
    void paintDiagram(Graphics2D g, Rectangle area, boolean dark) {
        Palette p = Palette.current(dark);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(p.background());
        g.fill(area);
        int width = Math.max(area.x + area.width, getWidth());
        int cx = clientX(width);
        int sx = serverX(width);
        int lh = lineHeight();
        int hh = headerHeight();
        float s = (float) scale();

        if (model != null && model.lineCount() > 0) {
            int firstLine = Math.max(0, Math.floorDiv(area.y, lh));
            int lastLine = Math.min(model.lineCount() - 1, Math.floorDiv(area.y + area.height - hh, lh));
            if (lastLine >= firstLine) {
                int fromRow = model.lineFirstRow(firstLine);
                int toRow = model.lineFirstRow(lastLine) + model.lineSize(lastLine) - 1;
                // only folded runs' first rows are labelled; a long run's other rows are not read
                model.prefetch(fromRow, Math.min(toRow, model.lineFirstRow(lastLine)));
                List<SequenceModel.Trip> trips = model.trips(fromRow, toRow);
                paintTrips(g, p, trips, area, sx, width, s);
                for (int line = firstLine; line <= lastLine; line++) {
                    paintLineBackground(g, p, line, width, s);
                }
                // lanes under the arrows
                g.setColor(p.lane());
                g.setStroke(new BasicStroke(2 * s));
                int laneTop = area.y + hh;
                int laneBottom = Math.min(area.y + area.height, hh + model.lineCount() * lh + lh / 2);
                g.draw(new Line2D.Float(cx, laneTop, cx, laneBottom));
                g.draw(new Line2D.Float(sx, laneTop, sx, laneBottom));
                for (int line = firstLine; line <= lastLine; line++) {
                    paintLine(g, p, line, cx, sx, width, s);
                }
            }
        } else {
            g.setFont(font());
            g.setColor(p.muted());
            String text = Texts.get(model == null ? "sequence.empty" : "sequence.noMessages");
            g.drawString(text, area.x + (area.width - g.getFontMetrics().stringWidth(text)) / 2, area.y + hh + lh * 2);
        }
        paintHeader(g, p, area, cx, sx, width, s);
    }

    private void paintTrips(Graphics2D g, Palette p, List<SequenceModel.Trip> trips, Rectangle area, int sx, int width, float s) {
        int lh = lineHeight();
        int hh = headerHeight();
        Font small = smallFont();
        g.setFont(small);
        FontMetrics sm = g.getFontMetrics();
        for (SequenceModel.Trip t : trips) {
            int firstLine = model.lineOfRow(t.firstRow());
            int readyLine = model.lineOfRow(t.readyRow());
            int top = hh + firstLine * lh;
            int bottom = hh + (readyLine + 1) * lh;
            if (t.number() % 2 == 1) {
                g.setColor(p.band());
                g.fillRect(area.x, top, width, bottom - top);
            }
            // the bracket right of the server lane, from the first request's arrow to the ReadyForQuery's
            int bx = sx + Math.round(16 * s);
            int y1 = top + arrowOffset();
            int y2 = hh + readyLine * lh + arrowOffset();
            g.setColor(p.muted());
            g.setStroke(new BasicStroke(1.5f * s));
            Path2D.Float bracket = new Path2D.Float();
            bracket.moveTo(bx - 6 * s, y1);
            bracket.lineTo(bx, y1);
            bracket.lineTo(bx, y2);
            bracket.lineTo(bx - 6 * s, y2);
            g.draw(bracket);
            String label = Texts.get("sequence.roundTrip", t.number(), millis(t.durationNanos()));
            int ty = Math.max(y1 + sm.getAscent() / 2, Math.min(y2, area.y + hh + sm.getAscent() + 2));
            g.drawString(label, bx + 5 * s, ty);
            if (t.requests() > 1) {
                g.drawString(Texts.get("sequence.requests", t.requests()), bx + 5 * s, ty + sm.getHeight());
            }
        }
    }

    /** An error's tint and the selection, under the lanes and arrows. */
    private void paintLineBackground(Graphics2D g, Palette p, int line, int width, float s) {
        int lh = lineHeight();
        int top = headerHeight() + line * lh;
        int row = model.lineFirstRow(line);
        if ((model.flags(row) & SequenceModel.FLAG_ERROR) != 0) {
            g.setColor(p.errorRow());
            g.fillRect(0, top, width, lh);
        }
        if (line == selectedLine) {
            g.setColor(p.selection());
            g.fillRect(0, top, width, lh);
            if (presentation) {
                g.setColor(MessageFamily.of(model.typeName(row)).color(p.dark()));
                g.fillRect(0, top, Math.round(5 * s), lh);
            }
        }
    }

    private void paintLine(Graphics2D g, Palette p, int line, int cx, int sx, int width, float s) {
        int lh = lineHeight();
        int top = headerHeight() + line * lh;
        int row = model.lineFirstRow(line);
        int size = model.lineSize(line);
        int flags = model.flags(row);
        boolean backend = (flags & SequenceModel.FLAG_BACKEND) != 0;
        boolean error = (flags & SequenceModel.FLAG_ERROR) != 0;
        boolean notice = (flags & SequenceModel.FLAG_NOTICE) != 0;
        boolean skipped = (flags & SequenceModel.FLAG_SKIPPED) != 0;
        boolean future = presentation && selectedLine >= 0 && line > selectedLine;
        java.awt.Composite composite = g.getComposite();
        if (future) {
            g.setComposite(java.awt.AlphaComposite.getInstance(java.awt.AlphaComposite.SRC_OVER, 0.22f));
        }
        String type = model.typeName(row);
        Color color = skipped ? p.muted() : error ? p.error() : notice ? p.notice() : MessageFamily.of(type).color(p.dark());
        int ay = top + arrowOffset();
        int from = backend ? sx : cx;
        int to = backend ? cx : sx;
        // arrow
        float w = (error ? 2.6f : 1.6f) * s;
        Stroke stroke = skipped || notice
                ? new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6 * s, 4 * s}, 0)
                : new BasicStroke(w);
        g.setColor(color);
        g.setStroke(stroke);
        int head = Math.round(9 * s);
        int dir = backend ? -1 : 1;
        if (size > 1) { // a folded run: a stack of arrows
            g.setStroke(new BasicStroke(1f * s));
            for (int k = 2; k >= 1; k--) {
                int dy = Math.round(-3 * s * k);
                g.draw(new Line2D.Float(from, ay + dy, to - dir * head, ay + dy));
            }
            g.setStroke(stroke);
        }
        g.draw(new Line2D.Float(from, ay, to - dir * head, ay));
        Path2D.Float arrow = new Path2D.Float();
        arrow.moveTo(to, ay);
        arrow.lineTo(to - dir * head, ay - head * 0.55f);
        arrow.lineTo(to - dir * head, ay + head * 0.55f);
        arrow.closePath();
        g.fill(arrow);

        // label above the arrow, beside its sender's lane
        Font f = font();
        Font bold = f.deriveFont(Font.BOLD);
        FontMetrics fmb = g.getFontMetrics(bold);
        FontMetrics fmp = g.getFontMetrics(f);
        int pad = Math.round(10 * s);
        int available = Math.abs(sx - cx) - 2 * pad;
        int iconSize = error || notice ? fmb.getAscent() : 0;
        // a folded run says how many; an unfolded run's rows are messages like any other
        String name = size > 1 ? type + " ×" + size : type;
        String extra = size > 1 ? "" : summary(row);
        String suffix = skipped ? "  · " + Texts.get("sequence.skipped") : "";
        String marker = model.isRun(line) ? (model.isExpanded(line) ? "▾ " : "▸ ") : "";
        int nameWidth = fmb.stringWidth(marker + name);
        int suffixWidth = fmp.stringWidth(suffix);
        int iconGap = iconSize > 0 ? iconSize + Math.round(5 * s) : 0;
        String shown = fit(extra.isEmpty() ? "" : "  " + extra, fmp, available - nameWidth - suffixWidth - iconGap);
        int total = iconGap + nameWidth + fmp.stringWidth(shown) + suffixWidth;
        int x = backend ? sx - pad - total : cx + pad;
        int ty = ay - Math.round(5 * s) - fmp.getDescent();
        if (iconSize > 0) {
            paintIcon(g, p, error, x, ty - fmb.getAscent() + Math.round(fmb.getDescent() / 2f), iconSize);
            x += iconGap;
        }
        int textStart = x;
        g.setFont(bold);
        g.setColor(color);
        g.drawString(marker + name, x, ty);
        x += nameWidth;
        g.setFont(f);
        g.setColor(skipped ? p.muted() : error ? p.error() : p.foreground());
        g.drawString(shown, x, ty);
        x += fmp.stringWidth(shown);
        if (skipped) {
            g.setColor(p.muted());
            g.setStroke(new BasicStroke(Math.max(1f, s)));
            int sy = ty - fmp.getAscent() / 3;
            g.draw(new Line2D.Float(textStart, sy, x, sy));
            g.drawString(suffix, x, ty);
        }

        // time and delta in the left margin
        Font small = smallFont();
        g.setFont(small);
        FontMetrics sm = g.getFontMetrics();
        g.setColor(p.muted());
        long t = model.timeNanos(row);
        g.drawString(TIME.format(Instant.ofEpochSecond(0, t)), Math.round(8 * s), ty);
        if (row > 0) {
            long delta = t - model.timeNanos(row - 1);
            g.drawString("+" + millis(delta), Math.round(8 * s), ay + sm.getAscent() / 2 + Math.round(2 * s));
        }
        g.setComposite(composite);
    }

    private void paintIcon(Graphics2D g, Palette p, boolean error, int x, int y, int size) {
        Color c = error ? p.error() : p.notice();
        g.setColor(c);
        if (error) {
            g.fill(new Ellipse2D.Float(x, y, size, size));
        } else {
            Path2D.Float tri = new Path2D.Float();
            tri.moveTo(x + size / 2f, y);
            tri.lineTo(x + size, y + size);
            tri.lineTo(x, y + size);
            tri.closePath();
            g.fill(tri);
        }
        g.setColor(p.background());
        g.setStroke(new BasicStroke(Math.max(1.5f, size / 7f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        float mx = x + size / 2f;
        g.draw(new Line2D.Float(mx, y + size * 0.28f, mx, y + size * 0.6f));
        g.fill(new Ellipse2D.Float(mx - size / 14f - 0.5f, y + size * 0.72f, size / 7f + 1, size / 7f + 1));
    }

    private void paintHeader(Graphics2D g, Palette p, Rectangle area, int cx, int sx, int width, float s) {
        int hh = headerHeight();
        int y0 = area.y;
        g.setColor(p.background());
        g.fillRect(area.x, y0, area.width, hh);
        g.setColor(p.lane());
        g.setStroke(new BasicStroke(1));
        g.drawLine(area.x, y0 + hh - 1, area.x + area.width, y0 + hh - 1);
        ConnectionInfo c = connection;
        String user = c == null ? "" : (c.user().isEmpty() ? "" : c.user()) + (c.database().isEmpty() && c.user().isEmpty() ? ""
                : "@" + (c.database().isEmpty() ? c.user() : c.database()));
        paintBox(g, p, cx, y0, Texts.get("sequence.client"), c == null ? "" : c.client(),
                c == null ? "" : user + (c.applicationName().isEmpty() ? "" : " (" + c.applicationName() + ")"), s);
        paintBox(g, p, sx, y0, Texts.get("sequence.server"), c == null ? "" : c.upstream(),
                c == null ? "" : Texts.get("sequence.connection", c.id()), s);
        g.setFont(smallFont());
        g.setColor(p.muted());
        FontMetrics sm = g.getFontMetrics();
        g.drawString(Texts.get("sequence.time"), Math.round(8 * s), y0 + hh - sm.getDescent() - Math.round(6 * s));
    }

    private void paintBox(Graphics2D g, Palette p, int x, int y0, String title, String line1, String line2, float s) {
        int bw = boxWidth(scale());
        int hh = headerHeight();
        int pad = Math.round(6 * s);
        int bx = x - bw / 2;
        int by = y0 + pad;
        int bh = hh - 2 * pad;
        g.setColor(p.band());
        g.fillRoundRect(bx, by, bw, bh, Math.round(10 * s), Math.round(10 * s));
        g.setColor(p.lane());
        g.setStroke(new BasicStroke(1.2f * s));
        g.drawRoundRect(bx, by, bw, bh, Math.round(10 * s), Math.round(10 * s));
        Font bold = font().deriveFont(Font.BOLD);
        g.setFont(bold);
        FontMetrics fb = g.getFontMetrics();
        g.setColor(p.foreground());
        int ty = by + Math.round(3 * s) + fb.getAscent();
        g.drawString(title, x - fb.stringWidth(title) / 2, ty);
        g.setFont(smallFont());
        FontMetrics sm = g.getFontMetrics();
        g.setColor(p.muted());
        String a = fit(line1, sm, bw - 2 * pad);
        String b = fit(line2, sm, bw - 2 * pad);
        ty += sm.getHeight();
        g.drawString(a, x - sm.stringWidth(a) / 2, ty);
        ty += sm.getHeight();
        g.drawString(b, x - sm.stringWidth(b) / 2, ty);
    }

    /** The key fields of a row's message, from the summaries the timeline and the command line use. */
    String summary(int row) {
        Decoded d = model.decoded(row);
        return MessageSummary.of(d);
    }

    /** The text of a line as painted: type (×n for a run) and key fields, "skipped" or "never executed" when it was. */
    public String lineText(int line) {
        int row = model.lineFirstRow(line);
        int size = model.lineSize(line);
        String text = size > 1 ? model.typeName(row) + " ×" + size : model.typeName(row) + prefixed(summary(row));
        int flags = model.flags(row);
        if ((flags & SequenceModel.FLAG_NOT_EXECUTED) != 0) {
            return text + " · " + Texts.get("sequence.notExecuted");
        }
        return (flags & SequenceModel.FLAG_SKIPPED) != 0 ? text + " · " + Texts.get("sequence.skipped") : text;
    }

    private static String prefixed(String s) {
        return s.isEmpty() ? "" : "  " + s;
    }

    /** {@code text} cut with an ellipsis to fit {@code width} pixels. */
    static String fit(String text, FontMetrics m, int width) {
        if (text.isEmpty() || m.stringWidth(text) <= width) {
            return text;
        }
        if (width <= m.stringWidth("…")) {
            return "";
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (m.stringWidth(text.substring(0, mid) + "…") <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return text.substring(0, lo) + "…";
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 0) {
            return "?";
        }
        if (ms < 10) {
            return String.format(java.util.Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 1000) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(java.util.Locale.ROOT, "%.2f s", ms / 1000);
    }
}
