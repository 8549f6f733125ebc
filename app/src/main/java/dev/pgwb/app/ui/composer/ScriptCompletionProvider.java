package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.client.ScriptVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.swing.text.BadLocationException;
import javax.swing.text.Element;
import javax.swing.text.JTextComponent;
import org.fife.ui.autocomplete.BasicCompletion;
import org.fife.ui.autocomplete.Completion;
import org.fife.ui.autocomplete.DefaultCompletionProvider;

/**
 * Completion for the script language, from what precedes the caret on its line: command names at
 * the start of a line; message type names after {@code expect}/{@code await}; {@code statement} /
 * {@code portal} after {@code describe}/{@code close}; type names inside {@code types=(...)} and at
 * the start of a parameter in {@code params=(...)}; {@code text}/{@code binary} for formats; else the
 * command's argument names ({@code name=}) it does not have yet. Words come from
 * {@link ScriptVocabulary}, the parser's own tables.
 */
public final class ScriptCompletionProvider extends DefaultCompletionProvider {

    /** What the caret is in: the kind of word wanted there and the word typed so far. */
    record Context(Kind kind, String command, String prefix, Set<String> present, String messageType) {
        Context(Kind kind, String command, String prefix, Set<String> present) {
            this(kind, command, prefix, present, null);
        }
    }

    enum Kind { COMMAND, MESSAGE_TYPE, FIELD, TARGET, TYPE, PARAMETER, FORMAT, ARGUMENT, NONE }

    @Override
    protected boolean isValidChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '[' || ch == ']' || ch == '*';
    }

    @Override
    protected List<Completion> getCompletionsImpl(JTextComponent comp) {
        String before = lineBeforeCaret(comp);
        Context c = context(before);
        List<Completion> out = completions(c);
        if (out.size() == 1 && out.get(0).getReplacementText().equalsIgnoreCase(c.prefix())) {
            return List.of(); // the word is already complete: a popup repeating it only gets in the way
        }
        return out;
    }

    /** The completions for a line's text up to the caret (public for tests and for the composer's own hints). */
    public List<Completion> completionsFor(String lineBeforeCaret) {
        return completions(context(lineBeforeCaret));
    }

    private List<Completion> completions(Context c) {
        List<Completion> out = new ArrayList<>();
        String p = c.prefix().toLowerCase(Locale.ROOT);
        switch (c.kind()) {
            case COMMAND -> {
                for (String cmd : ScriptVocabulary.commands()) {
                    if (cmd.startsWith(p)) {
                        out.add(new BasicCompletion(this, cmd, ScriptVocabulary.usage(cmd), summary(cmd)));
                    }
                }
            }
            case MESSAGE_TYPE -> {
                for (String t : ScriptVocabulary.messageTypes()) {
                    if (t.toLowerCase(Locale.ROOT).startsWith(p)) {
                        out.add(new BasicCompletion(this, t, Texts.get("composer.complete.messageType")));
                    }
                }
                for (String w : c.command().equals("await") ? List.of("closed") : List.of("closed", "nothing")) {
                    if (w.startsWith(p)) {
                        out.add(new BasicCompletion(this, w, Texts.get("composer.complete." + w)));
                    }
                }
            }
            case TARGET -> {
                for (String w : List.of("statement", "portal")) {
                    if (w.startsWith(p)) {
                        out.add(new BasicCompletion(this, w, Texts.get("composer.complete." + w)));
                    }
                }
            }
            case TYPE, PARAMETER -> {
                if (c.kind() == Kind.PARAMETER && "null".startsWith(p)) {
                    out.add(new BasicCompletion(this, "null", Texts.get("composer.complete.null")));
                }
                for (String t : ScriptVocabulary.typeNames()) {
                    if (t.startsWith(p)) {
                        out.add(new BasicCompletion(this, t, Texts.get("composer.complete.type")));
                    }
                }
            }
            case FORMAT -> {
                for (String w : List.of("text", "binary")) {
                    if (w.startsWith(p)) {
                        out.add(new BasicCompletion(this, w, Texts.get("composer.complete.format." + w)));
                    }
                }
            }
            case FIELD -> {
                for (String f : ScriptVocabulary.fields(c.messageType())) {
                    if (f.toLowerCase(Locale.ROOT).startsWith(p) && !c.present().contains(f.toLowerCase(Locale.ROOT))) {
                        out.add(new BasicCompletion(this, f + "=", Texts.get("composer.complete.field", c.messageType())));
                    }
                }
                if ("as".startsWith(p)) {
                    out.add(new BasicCompletion(this, "as", Texts.get("composer.complete.as")));
                }
            }
            case ARGUMENT -> {
                for (String a : ScriptVocabulary.arguments(c.command())) {
                    if (a.startsWith(p) && !c.present().contains(a)) {
                        out.add(new BasicCompletion(this, a + "=", ScriptVocabulary.usage(c.command())));
                    }
                }
            }
            default -> { }
        }
        return out;
    }

    private static String summary(String command) {
        String usage = ScriptVocabulary.usage(command);
        String what = Texts.get("script.cmd." + command);
        return "<html><b><tt>" + escape(usage) + "</tt></b>"
                + (what.equals("script.cmd." + command) ? "" : "<br><br>" + escape(what)) + "</html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Reads the line up to the caret: which command, which argument, inside which list, and the word being typed. */
    static Context context(String line) {
        int n = line.length();
        int start = n;
        while (start > 0 && (Character.isLetterOrDigit(line.charAt(start - 1)) || "_[]*".indexOf(line.charAt(start - 1)) >= 0)) {
            start--;
        }
        String prefix = line.substring(start);
        String head = line.substring(0, start);
        if (head.isBlank()) {
            return new Context(Kind.COMMAND, "", prefix, Set.of());
        }
        // walk the head as the tokenizer does: words, strings, lists, name= prefixes
        List<String> words = new ArrayList<>();
        Set<String> present = new java.util.HashSet<>();
        String command = null;
        String listArgument = null;
        String valueOf = null; // name= just before the prefix
        boolean inList = false;
        int itemWords = 0;
        int i = 0;
        while (i < head.length()) {
            char ch = head.charAt(i);
            if (ch == '#') {
                return new Context(Kind.NONE, "", prefix, Set.of());
            }
            if (Character.isWhitespace(ch)) {
                valueOf = null;
                i++;
                continue;
            }
            if (ch == '"' || ch == '\'') {
                int close = closing(head, i);
                if (close < 0) {
                    return new Context(Kind.NONE, "", prefix, Set.of()); // inside a string
                }
                i = close + 1;
                words.add("\"");
                itemWords++;
                valueOf = null;
                continue;
            }
            if (command != null && ch == '(') {
                inList = true;
                listArgument = valueOf;
                itemWords = 0;
                i++;
                continue;
            }
            if (command != null && ch == ')') {
                inList = false;
                listArgument = null;
                i++;
                continue;
            }
            if (inList && ch == ',') {
                itemWords = 0;
                i++;
                continue;
            }
            int s = i;
            while (i < head.length() && !Character.isWhitespace(head.charAt(i)) && "=~()\"'#".indexOf(head.charAt(i)) < 0
                    && !(inList && head.charAt(i) == ',')) {
                i++;
            }
            String w = head.substring(s, i);
            if (i < head.length() && (head.charAt(i) == '=' || head.charAt(i) == '~') && !inList && command != null) {
                valueOf = w.toLowerCase(Locale.ROOT);
                present.add(valueOf);
                i++;
                continue;
            }
            if (i == s) {
                i++; // a stray '=' or '~'
                continue;
            }
            if (command == null) {
                command = w.toLowerCase(Locale.ROOT);
            } else {
                words.add(w);
                itemWords++;
            }
        }
        if (command == null) {
            return new Context(Kind.NONE, "", prefix, Set.of());
        }
        if (inList) {
            if ("types".equals(listArgument)) {
                return new Context(Kind.TYPE, command, prefix, present);
            }
            if (("params".equals(listArgument) || "args".equals(listArgument)) && itemWords == 0) {
                return new Context(Kind.PARAMETER, command, prefix, present);
            }
            if ("formats".equals(listArgument) || "results".equals(listArgument)) {
                return new Context(Kind.FORMAT, command, prefix, present);
            }
            return new Context(Kind.NONE, command, prefix, present);
        }
        if (valueOf != null) {
            return switch (valueOf) {
                case "types" -> new Context(Kind.TYPE, command, prefix, present);
                case "results", "result", "formats" -> new Context(Kind.FORMAT, command, prefix, present);
                default -> new Context(Kind.NONE, command, prefix, present);
            };
        }
        if ((command.equals("expect") || command.equals("await")) && words.isEmpty()) {
            return new Context(Kind.MESSAGE_TYPE, command, prefix, present);
        }
        if ((command.equals("describe") || command.equals("close")) && words.isEmpty()) {
            return new Context(Kind.TARGET, command, prefix, present);
        }
        if (command.equals("expect") || command.equals("await")) {
            boolean afterAs = words.size() >= 2 && words.get(words.size() - 1).equals("as");
            boolean named = words.contains("as") && !afterAs; // nothing comes after "as NAME"
            return afterAs || named ? new Context(Kind.NONE, command, prefix, present)
                    : new Context(Kind.FIELD, command, prefix, present, words.get(0));
        }
        return new Context(Kind.ARGUMENT, command, prefix, present);
    }

    /** The index of the quote closing the string opened at {@code open}, or -1. */
    private static int closing(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (q == '"' && ch == '\\') {
                i++;
            } else if (ch == q) {
                if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    private static String lineBeforeCaret(JTextComponent comp) {
        int caret = comp.getCaretPosition();
        Element root = comp.getDocument().getDefaultRootElement();
        Element line = root.getElement(root.getElementIndex(caret));
        try {
            return comp.getDocument().getText(line.getStartOffset(), caret - line.getStartOffset());
        } catch (BadLocationException e) {
            return "";
        }
    }

    /**
     * Called while a typed character is being inserted, before the caret moves past it (the
     * library's contract, as in {@code CompletionProviderBase}): so the character at the caret is
     * the one just typed. Letters, {@code (}, {@code ,} and {@code =} may open the list; a space
     * only where a closed set of words follows ({@code expect }, {@code describe }).
     */
    @Override
    public boolean isAutoActivateOkay(JTextComponent tc) {
        int caret = tc.getCaretPosition();
        char typed;
        try {
            if (caret >= tc.getDocument().getLength()) {
                return false;
            }
            typed = tc.getDocument().getText(caret, 1).charAt(0);
        } catch (BadLocationException e) {
            return false;
        }
        if (Character.isLetter(typed) || typed == '(' || typed == ',' || typed == '=') {
            return true;
        }
        if (typed == ' ') {
            Kind k = context(lineBeforeCaret(tc) + ' ').kind();
            return k == Kind.MESSAGE_TYPE || k == Kind.TARGET;
        }
        return false;
    }
}
