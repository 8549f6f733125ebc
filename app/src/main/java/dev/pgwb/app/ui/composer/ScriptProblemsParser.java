package dev.pgwb.app.ui.composer;

import dev.pgwb.protocol.client.ScriptException;
import dev.pgwb.protocol.client.ScriptParser;
import java.util.List;
import javax.swing.text.BadLocationException;
import javax.swing.text.Element;
import org.fife.ui.rsyntaxtextarea.RSyntaxDocument;
import org.fife.ui.rsyntaxtextarea.parser.AbstractParser;
import org.fife.ui.rsyntaxtextarea.parser.DefaultParseResult;
import org.fife.ui.rsyntaxtextarea.parser.DefaultParserNotice;
import org.fife.ui.rsyntaxtextarea.parser.ParseResult;
import org.fife.ui.rsyntaxtextarea.parser.ParserNotice;

/**
 * Runs the real {@link ScriptParser} over the editor's text (RSTA calls it on the event thread a
 * moment after typing stops) and turns its error into a squiggle at the exact line and column,
 * under the word it concerns, with the parser's message as the tooltip: one notice per line
 * that has a mistake.
 */
final class ScriptProblemsParser extends AbstractParser {

    @Override
    public ParseResult parse(RSyntaxDocument doc, String style) {
        DefaultParseResult result = new DefaultParseResult(this);
        long start = System.nanoTime();
        Element root = doc.getDefaultRootElement();
        result.setParsedLines(0, root.getElementCount() - 1);
        String text;
        try {
            text = doc.getText(0, doc.getLength());
        } catch (BadLocationException e) {
            result.setError(e);
            return result;
        }
        List<ScriptException> found = problemsOf(text);
        for (ScriptException e : found) {
            result.addNotice(notice(doc, root, e));
        }
        result.setParseTime((System.nanoTime() - start) / 1_000_000);
        return result;
    }

    /**
     * Every line's problem, not just the first: commands are one per line and the parser reads
     * each line on its own, so each line is parsed alone and its error placed on its own line.
     */
    static List<ScriptException> problemsOf(String text) {
        List<ScriptException> out = new java.util.ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                ScriptParser.parse(lines[i]);
            } catch (ScriptException e) {
                out.add(new ScriptException(i + 1, e.column(), e.reason()));
            }
        }
        return List.copyOf(out);
    }

    private DefaultParserNotice notice(RSyntaxDocument doc, Element root, ScriptException e) {
        int lineIndex = Math.max(0, Math.min(e.line() - 1, root.getElementCount() - 1));
        Element line = root.getElement(lineIndex);
        int lineStart = line.getStartOffset();
        int lineEnd = Math.max(lineStart, Math.min(line.getEndOffset() - 1, doc.getLength())); // before the newline
        int offset = lineStart + Math.max(0, e.column() - 1);
        int length;
        if (offset >= lineEnd) {
            // "expected ... after X": the column is just past the end; underline the last character
            offset = Math.max(lineStart, lineEnd - 1);
            length = lineEnd > lineStart ? 1 : 0;
        } else {
            length = wordLength(doc, offset, lineEnd);
        }
        DefaultParserNotice n = new DefaultParserNotice(this, e.reason(), lineIndex, offset, Math.max(1, length));
        n.setLevel(ParserNotice.Level.ERROR);
        n.setToolTipText("<html><b>" + html(e.getMessage()) + "</b></html>");
        return n;
    }

    /** The length of the word or string starting at {@code offset}: what the message is about. */
    private static int wordLength(RSyntaxDocument doc, int offset, int lineEnd) {
        try {
            String rest = doc.getText(offset, lineEnd - offset);
            if (rest.isEmpty()) {
                return 1;
            }
            char first = rest.charAt(0);
            if (first == '"' || first == '\'') {
                for (int i = 1; i < rest.length(); i++) {
                    if (first == '"' && rest.charAt(i) == '\\') {
                        i++;
                    } else if (rest.charAt(i) == first) {
                        return i + 1;
                    }
                }
                return rest.length();
            }
            int i = 0;
            while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                i++;
            }
            return Math.max(1, i);
        } catch (BadLocationException e) {
            return 1;
        }
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
