package dev.pgwb.app.ui.hex;

import java.awt.Color;
import java.awt.Font;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.function.IntConsumer;
import javax.swing.JTextArea;
import javax.swing.UIManager;
import javax.swing.text.BadLocationException;
import javax.swing.text.DefaultHighlighter;

/**
 * A hex dump of one frame: offset, 16 bytes in hex, the same bytes as ASCII. A byte range can be
 * highlighted (the selected field); a click on a byte reports its offset.
 */
public final class HexView extends JTextArea {
    static final int HEX_START = 10;
    static final int ASCII_START = 60;
    static final int LINE = 77; // 76 characters and the newline

    private byte[] bytes = new byte[0];
    private int highlightOffset = -1;
    private int highlightLength;
    private IntConsumer byteClicked = o -> { };

    public HexView() {
        setName("hexView");
        setEditable(false);
        setLineWrap(false);
        setFont(new Font(Font.MONOSPACED, Font.PLAIN, UIManager.getFont("defaultFont") != null
                ? UIManager.getFont("defaultFont").getSize() : 12));
        addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                int off = offsetAtPosition(viewToModel2D(e.getPoint()));
                if (off >= 0) {
                    byteClicked.accept(off);
                }
            }
        });
    }

    @Override
    public void updateUI() {
        super.updateUI();
        Font base = UIManager.getFont("defaultFont");
        setFont(new Font(Font.MONOSPACED, Font.PLAIN, base != null ? base.getSize() : 12));
        if (bytes != null) {
            rehighlight();
        }
    }

    /** At least one full line wide, so the ASCII column is never cut off. */
    @Override
    public java.awt.Dimension getPreferredSize() {
        java.awt.Dimension d = super.getPreferredSize();
        d.width = Math.max(d.width, getFontMetrics(getFont()).charWidth('0') * (LINE - 1) + 8);
        return d;
    }

    public void onByteClicked(IntConsumer c) {
        byteClicked = c;
    }

    public void show(byte[] frameBytes) {
        bytes = frameBytes == null ? new byte[0] : frameBytes;
        setText(dump(bytes));
        setCaretPosition(0);
        highlight(-1, 0);
    }

    /** Highlights {@code length} bytes from {@code offset} (-1: none) and scrolls them into view. */
    public void highlight(int offset, int length) {
        highlightOffset = offset;
        highlightLength = length;
        rehighlight();
        if (offset >= 0 && offset < bytes.length) {
            try {
                var r = modelToView2D(positionOf(offset, false));
                if (r != null) {
                    scrollRectToVisible(r.getBounds());
                }
            } catch (BadLocationException e) {
                // nothing to scroll to
            }
        }
    }

    /** The highlighted range as {offset, length}; offset -1 when nothing is highlighted. */
    public int[] highlightedRange() {
        return new int[] {highlightOffset, highlightOffset < 0 ? 0 : highlightLength};
    }

    private void rehighlight() {
        getHighlighter().removeAllHighlights();
        if (highlightOffset < 0 || highlightLength <= 0) {
            return;
        }
        Color c = UIManager.getColor("pgwb.hexHighlight");
        var painter = new DefaultHighlighter.DefaultHighlightPainter(c != null ? c : new Color(0xffe082));
        int end = Math.min(bytes.length, highlightOffset + highlightLength);
        try {
            for (int line = highlightOffset / 16; line * 16 < end; line++) {
                int from = Math.max(highlightOffset, line * 16);
                int to = Math.min(end, line * 16 + 16) - 1;
                getHighlighter().addHighlight(positionOf(from, false), positionOf(to, false) + 2, painter);
                getHighlighter().addHighlight(positionOf(from, true), positionOf(to, true) + 1, painter);
            }
        } catch (BadLocationException e) {
            // the text changed under us; the next show() redraws
        }
    }

    static int positionOf(int offset, boolean ascii) {
        int line = offset / 16;
        int i = offset % 16;
        return line * LINE + (ascii ? ASCII_START + i : HEX_START + 3 * i + (i >= 8 ? 1 : 0));
    }

    /** The byte offset under a text position, or -1 (the offset column, the gaps, past the end). */
    int offsetAtPosition(int pos) {
        int line = pos / LINE;
        int col = pos % LINE;
        int i;
        if (col >= ASCII_START && col < ASCII_START + 16) {
            i = col - ASCII_START;
        } else if (col >= HEX_START && col < HEX_START + 49) {
            int c = col - HEX_START;
            if (c >= 24) {
                c -= 1;
            }
            i = c / 3;
            if (i > 15) {
                return -1;
            }
        } else {
            return -1;
        }
        int off = line * 16 + i;
        return off < bytes.length ? off : -1;
    }

    static String dump(byte[] b) {
        StringBuilder s = new StringBuilder((b.length / 16 + 1) * LINE);
        for (int line = 0; line * 16 < b.length; line++) {
            if (line > 0) {
                s.append('\n');
            }
            s.append(String.format("%08x  ", line * 16));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = 0; i < 16; i++) {
                int at = line * 16 + i;
                if (i == 8) {
                    s.append(' ');
                }
                if (at < b.length) {
                    int v = b[at] & 0xff;
                    s.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16)).append(' ');
                    ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
                } else {
                    s.append("   ");
                    ascii.append(' ');
                }
            }
            s.append(' ').append(ascii);
        }
        return s.toString();
    }
}
