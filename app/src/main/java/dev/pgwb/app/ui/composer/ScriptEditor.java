package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.Themes;
import dev.pgwb.protocol.client.ScriptException;
import java.awt.BasicStroke;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.event.ActionEvent;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.swing.AbstractAction;
import javax.swing.Icon;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.text.BadLocationException;
import org.fife.ui.autocomplete.AutoCompletion;
import org.fife.ui.rsyntaxtextarea.AbstractTokenMakerFactory;
import org.fife.ui.rsyntaxtextarea.ErrorStrip;
import org.fife.ui.rsyntaxtextarea.RSyntaxTextArea;
import org.fife.ui.rsyntaxtextarea.Style;
import org.fife.ui.rsyntaxtextarea.SyntaxScheme;
import org.fife.ui.rsyntaxtextarea.Theme;
import org.fife.ui.rsyntaxtextarea.Token;
import org.fife.ui.rsyntaxtextarea.TokenMakerFactory;
import org.fife.ui.rtextarea.GutterIconInfo;
import org.fife.ui.rtextarea.RTextScrollPane;

/**
 * The composer's script editor: RSyntaxTextArea with the script language's own highlighting
 * ({@link ScriptTokenMaker}), line numbers, undo/redo, find/replace (Ctrl+F), completion of
 * commands, argument, message and type names (Ctrl+Space, and on its own as you type), parse errors
 * underlined as you type with the parser's message on hover, and the "next step" marker
 * ({@link #highlightLine}). Colours follow the FlatLaf theme, light or dark.
 */
public final class ScriptEditor extends JPanel {
    static {
        TokenMakerFactory f = TokenMakerFactory.getDefaultInstance();
        if (f instanceof AbstractTokenMakerFactory a) {
            a.putMapping(ScriptTokenMaker.SYNTAX_STYLE, ScriptTokenMaker.class.getName(), ScriptTokenMaker.class.getClassLoader());
        }
    }

    /** How long typing must pause before the script is parsed again and listeners hear of it. */
    static final int CHANGE_DELAY_MILLIS = 300;

    private final RSyntaxTextArea area = new RSyntaxTextArea(20, 60);
    private final RTextScrollPane scroll;
    private final FindBar findBar;
    private final ScriptProblemsParser parser = new ScriptProblemsParser();
    private final AutoCompletion completion;
    private final List<Runnable> scriptListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final javax.swing.Timer changed = new javax.swing.Timer(CHANGE_DELAY_MILLIS, e -> scriptListeners.forEach(Runnable::run));
    private Object stepHighlight;
    private GutterIconInfo stepIcon;
    private int stepLine;
    private boolean dark;
    private boolean themed;

    public ScriptEditor() {
        super(new BorderLayout());
        setName("scriptEditor");
        area.setName("scriptText");
        area.setSyntaxEditingStyle(ScriptTokenMaker.SYNTAX_STYLE);
        area.setCodeFoldingEnabled(false);
        area.setAntiAliasingEnabled(true);
        area.setTabsEmulated(true);
        area.setTabSize(4);
        area.setMarkOccurrences(true);
        area.setMarkOccurrencesDelay(400);
        area.setParserDelay(CHANGE_DELAY_MILLIS);
        changed.setRepeats(false);
        area.getDocument().addDocumentListener(new javax.swing.event.DocumentListener() {
            @Override
            public void insertUpdate(javax.swing.event.DocumentEvent e) {
                changed.restart();
            }

            @Override
            public void removeUpdate(javax.swing.event.DocumentEvent e) {
                changed.restart();
            }

            @Override
            public void changedUpdate(javax.swing.event.DocumentEvent e) {
            }
        });
        area.addParser(parser);
        area.setUseFocusableTips(false); // plain tooltips, in the FlatLaf look, for the parser's messages
        scroll = new RTextScrollPane(area, true);
        scroll.setName("scriptScroll");
        scroll.setIconRowHeaderEnabled(true);
        scroll.getGutter().setIconRowHeaderInheritsGutterBackground(true);
        scroll.setBorder(javax.swing.BorderFactory.createEmptyBorder());
        add(scroll, BorderLayout.CENTER);
        ErrorStrip strip = new ErrorStrip(area); // a mark per mistake beside the scroll bar; click one to go there
        strip.setName("scriptErrorStrip");
        add(strip, BorderLayout.EAST);

        findBar = new FindBar(area);
        add(findBar, BorderLayout.SOUTH);
        String open = "pgwb.find.open";
        area.getInputMap(JComponent.WHEN_FOCUSED).put(FindBar.shortcut(), open);
        area.getActionMap().put(open, new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                findBar.open();
            }
        });

        // Ctrl+/ comments lines out and back in with "# " (the token maker's comment marker)
        String toggle = org.fife.ui.rsyntaxtextarea.RSyntaxTextAreaEditorKit.rstaToggleCommentAction;
        area.getInputMap(JComponent.WHEN_FOCUSED).put(javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_SLASH,
                java.awt.Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()), toggle);
        if (area.getActionMap().get(toggle) == null) {
            area.getActionMap().put(toggle, new org.fife.ui.rsyntaxtextarea.RSyntaxTextAreaEditorKit.ToggleCommentAction());
        }

        ScriptCompletionProvider provider = new ScriptCompletionProvider();
        completion = new AutoCompletion(provider);
        completion.setAutoActivationEnabled(true);
        completion.setAutoActivationDelay(300);
        completion.setAutoCompleteSingleChoices(false);
        completion.setShowDescWindow(true);
        completion.setParameterAssistanceEnabled(false);
        completion.install(area);

        applyTheme(Themes.isDark());
    }

    public RSyntaxTextArea textArea() {
        return area;
    }

    /** The completion machinery (for the composer's own key bindings and for tests). */
    public AutoCompletion completion() {
        return completion;
    }

    /** The find/replace bar below the text (hidden until Ctrl+F). */
    public JComponent findBar() {
        return findBar;
    }

    /** Opens the find bar as Ctrl+F does. */
    public void openFind() {
        findBar.open();
    }

    public String getText() {
        return area.getText();
    }

    /** Replaces the whole script; the undo history starts afresh (undo does not bring back the previous script). */
    public void setText(String script) {
        highlightLine(0);
        area.setText(script);
        area.setCaretPosition(0);
        area.discardAllEdits();
    }

    /**
     * Inserts {@code line} as a new line after the caret's line (in place of the caret's line when
     * that is blank), selects it and scrolls to it; one undo step removes it.
     */
    public void insertLine(String line) {
        String text = line.strip();
        try {
            int caretLine = area.getCaretLineNumber();
            int start = area.getLineStartOffset(caretLine);
            int end = area.getLineEndOffset(caretLine);
            String current = area.getText(start, end - start);
            boolean hasNewline = current.endsWith("\n");
            String content = hasNewline ? current.substring(0, current.length() - 1) : current;
            area.beginAtomicEdit();
            int from;
            try {
                if (content.isBlank()) {
                    area.replaceRange(text, start, start + content.length());
                    from = start;
                } else {
                    int at = start + content.length();
                    area.insert("\n" + text, at);
                    from = at + 1;
                }
            } finally {
                area.endAtomicEdit();
            }
            area.select(from, from + text.length());
            scrollTo(from, 1);
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Marks line {@code line} (from 1) as the next step: the whole line tinted and an arrow in the
     * gutter, scrolled into view. {@code 0} (or a line past the end) clears the marker.
     */
    public void highlightLine(int line) {
        if (stepHighlight != null) {
            area.removeLineHighlight(stepHighlight);
            stepHighlight = null;
        }
        if (stepIcon != null) {
            scroll.getGutter().removeTrackingIcon(stepIcon);
            stepIcon = null;
        }
        stepLine = 0;
        if (line <= 0 || line > area.getLineCount()) {
            return;
        }
        try {
            stepHighlight = area.addLineHighlight(line - 1, stepColor(dark));
            stepIcon = scroll.getGutter().addLineTrackingIcon(line - 1, new StepArrow(), Texts.get("composer.nextStep"));
            stepLine = line;
            scrollTo(area.getLineStartOffset(line - 1), 3); // a little context below the line
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scrolls so that the text at {@code offset} and {@code lines - 1} lines below it show (nothing while not laid out). */
    private void scrollTo(int offset, int lines) throws BadLocationException {
        java.awt.geom.Rectangle2D view = area.modelToView2D(offset);
        if (view != null) {
            Rectangle r = view.getBounds();
            r.height *= lines;
            area.scrollRectToVisible(r);
        }
    }

    /** The line the step marker is on (from 1), 0 when none. */
    public int highlightedLine() {
        return stepLine;
    }

    /** The script's parse problems now (line, column, message), one per line that has a mistake, in line order. */
    public List<ScriptException> problems() {
        return ScriptProblemsParser.problemsOf(area.getText());
    }

    /**
     * Called on the event thread a moment after the text stops changing ({@link #problems()} then
     * tells the mistakes). Its own timer, since RSTA only parses a showing editor and the composer
     * may change a script that is not on screen.
     */
    public void addScriptListener(Runnable onChange) {
        scriptListeners.add(onChange);
    }

    /** Applies the RSTA theme matching FlatLaf light or dark, the UI font size, and this language's token colours. */
    public void applyTheme(boolean dark) {
        this.dark = dark;
        String name = dark ? "dark.xml" : "idea.xml";
        try (InputStream in = RSyntaxTextArea.class.getResourceAsStream("/org/fife/ui/rsyntaxtextarea/themes/" + name)) {
            Theme.load(in).apply(area);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        themed = true;
        int size = Themes.currentFontSize();
        Font mono = new Font(Font.MONOSPACED, Font.PLAIN, size);
        area.setFont(mono);
        scroll.getGutter().setLineNumberFont(mono.deriveFont((float) Math.max(9, size - 1)));
        recolor(area.getSyntaxScheme(), dark);
        area.setForeground(area.getSyntaxScheme().getStyle(Token.IDENTIFIER).foreground); // the caret and plain text
        area.setSyntaxScheme(area.getSyntaxScheme());
        if (dark) {
            area.setBackground(UIManager.getColor("TextArea.background") != null ? UIManager.getColor("TextArea.background") : area.getBackground());
            scroll.getGutter().setBackground(area.getBackground());
            area.setCurrentLineHighlightColor(new Color(0x323438));
        }
        if (stepLine > 0) {
            highlightLine(stepLine); // in the new theme's colour
        }
        repaint();
    }

    /** Whether the editor is in its dark colours. */
    public boolean isDark() {
        return dark;
    }

    @Override
    public void updateUI() {
        super.updateUI();
        if (themed) {
            // FlatLaf switched theme: follow it once the whole tree has its new look
            SwingUtilities.invokeLater(() -> applyTheme(Themes.isDark()));
        }
    }

    /** Token colours chosen for this language, readable on the theme's background (contrast checked by eye in both). */
    private static void recolor(SyntaxScheme scheme, boolean dark) {
        Map<Integer, Integer> colors = dark
                ? Map.ofEntries(
                        Map.entry(Token.RESERVED_WORD, 0xcc7832),
                        Map.entry(Token.RESERVED_WORD_2, 0xc792ea),
                        Map.entry(Token.FUNCTION, 0x9876aa),
                        Map.entry(Token.OPERATOR, 0xa9b7c6),
                        Map.entry(Token.DATA_TYPE, 0x4ec9b0),
                        Map.entry(Token.LITERAL_STRING_DOUBLE_QUOTE, 0x6a8759),
                        Map.entry(Token.LITERAL_CHAR, 0x98c379),
                        Map.entry(Token.LITERAL_NUMBER_DECIMAL_INT, 0x6897bb),
                        Map.entry(Token.LITERAL_NUMBER_HEXADECIMAL, 0x56b6c2),
                        Map.entry(Token.VARIABLE, 0xe5c07b),
                        Map.entry(Token.COMMENT_EOL, 0x808080),
                        Map.entry(Token.SEPARATOR, 0xbbbbbb),
                        Map.entry(Token.IDENTIFIER, 0xd4d4d4),
                        Map.entry(Token.ERROR_STRING_DOUBLE, 0xff6b68),
                        Map.entry(Token.ERROR_CHAR, 0xff6b68))
                : Map.ofEntries(
                        Map.entry(Token.RESERVED_WORD, 0x0033b3),
                        Map.entry(Token.RESERVED_WORD_2, 0x871094),
                        Map.entry(Token.FUNCTION, 0x7a3e9d),
                        Map.entry(Token.OPERATOR, 0x333333),
                        Map.entry(Token.DATA_TYPE, 0x00627a),
                        Map.entry(Token.LITERAL_STRING_DOUBLE_QUOTE, 0x067d17),
                        Map.entry(Token.LITERAL_CHAR, 0x2e7d32),
                        Map.entry(Token.LITERAL_NUMBER_DECIMAL_INT, 0x1750eb),
                        Map.entry(Token.LITERAL_NUMBER_HEXADECIMAL, 0x0b6e99),
                        Map.entry(Token.VARIABLE, 0xa35200),
                        Map.entry(Token.COMMENT_EOL, 0x8c8c8c),
                        Map.entry(Token.SEPARATOR, 0x555555),
                        Map.entry(Token.IDENTIFIER, 0x080808),
                        Map.entry(Token.ERROR_STRING_DOUBLE, 0xc62828),
                        Map.entry(Token.ERROR_CHAR, 0xc62828));
        Font base = scheme.getStyle(Token.IDENTIFIER).font;
        for (var e : colors.entrySet()) {
            Style s = scheme.getStyle(e.getKey());
            s.foreground = new Color(e.getValue());
            s.background = null;
            s.underline = false;
        }
        Style command = scheme.getStyle(Token.RESERVED_WORD);
        Font f = command.font != null ? command.font : base;
        if (f != null) {
            command.font = f.deriveFont(Font.BOLD);
        }
        Style comment = scheme.getStyle(Token.COMMENT_EOL);
        if (comment.font != null) {
            comment.font = comment.font.deriveFont(Font.ITALIC);
        }
    }

    static Color stepColor(boolean dark) {
        return dark ? new Color(0x1f4a73) : new Color(0xcfe5ff);
    }

    /** The gutter arrow of the next step, in the theme's accent colour. */
    private final class StepArrow implements Icon {
        @Override
        public void paintIcon(Component c, Graphics g, int x, int y) {
            Graphics2D g2 = (Graphics2D) g.create();
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int w = getIconWidth();
            int h = getIconHeight();
            Path2D p = new Path2D.Double();
            p.moveTo(x + 2, y + 2);
            p.lineTo(x + w - 2, y + h / 2.0);
            p.lineTo(x + 2, y + h - 2);
            p.closePath();
            g2.setColor(dark ? new Color(0x64b5f6) : new Color(0x1565c0));
            g2.fill(p);
            g2.setStroke(new BasicStroke(1f));
            g2.draw(p);
            g2.dispose();
        }

        @Override
        public int getIconWidth() {
            return 12;
        }

        @Override
        public int getIconHeight() {
            return 12;
        }
    }
}
