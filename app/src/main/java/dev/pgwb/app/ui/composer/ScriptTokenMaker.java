package dev.pgwb.app.ui.composer;

import dev.pgwb.protocol.client.ScriptVocabulary;
import java.util.Locale;
import java.util.Set;
import javax.swing.text.Segment;
import org.fife.ui.rsyntaxtextarea.Token;
import org.fife.ui.rsyntaxtextarea.TokenMakerBase;

/**
 * Highlighting for the composer's script language ({@code docs/script.md}), written by hand: the
 * language is one command per line, so every line is scanned on its own and no state crosses lines.
 * Token types (the theme gives each a colour):
 * <ul>
 *   <li>{@link Token#RESERVED_WORD}: the command ({@code parse}, {@code expect}...);</li>
 *   <li>{@link Token#FUNCTION}: an argument name before {@code =} or {@code ~}; {@link Token#OPERATOR} the sign;</li>
 *   <li>{@link Token#DATA_TYPE}: a message type after {@code expect}/{@code await}, a type name in {@code types=(...)} or before a parameter value;</li>
 *   <li>{@link Token#RESERVED_WORD_2}: the language's fixed words ({@code statement}, {@code portal}, {@code null}, {@code as}, {@code closed}...);</li>
 *   <li>{@link Token#LITERAL_STRING_DOUBLE_QUOTE} / {@link Token#LITERAL_CHAR}: {@code "strings"} and {@code 'literal strings'}
 *       ({@link Token#ERROR_STRING_DOUBLE} / {@link Token#ERROR_CHAR} when unterminated);</li>
 *   <li>{@link Token#LITERAL_NUMBER_HEXADECIMAL}: {@code 0x...} bytes (and hex words after {@code raw}); {@link Token#LITERAL_NUMBER_DECIMAL_INT} numbers and durations;</li>
 *   <li>{@link Token#VARIABLE}: {@code $var} and {@code ${var.field}}, also inside double-quoted strings;</li>
 *   <li>{@link Token#COMMENT_EOL}: {@code # comments}; {@link Token#SEPARATOR}: list parentheses and commas.</li>
 * </ul>
 */
public final class ScriptTokenMaker extends TokenMakerBase {
    /** The syntax style key the editor registers this token maker under. */
    public static final String SYNTAX_STYLE = "text/pgws";

    private static final Set<String> KEYWORDS = Set.of("statement", "portal", "stmt", "null", "as", "closed", "nothing", "text", "binary");
    private static final Set<String> TYPE_LISTS = Set.of("types");
    private static final Set<String> PARAM_LISTS = Set.of("params", "args");

    private char[] array;
    private int shift;

    @Override
    public Token getTokenList(Segment text, int initialTokenType, int startOffset) {
        resetTokenList();
        array = text.array;
        shift = startOffset - text.offset;
        int end = text.offset + text.count;
        int i = text.offset;
        String command = null;
        int words = 0;          // words (arguments) seen after the command
        String argument = null; // the name of the argument whose value comes next / whose list we are in
        boolean inList = false;
        int itemWords = 0;
        while (i < end) {
            char c = array[i];
            if (Character.isWhitespace(c)) {
                int s = i;
                while (i < end && Character.isWhitespace(array[i])) {
                    i++;
                }
                add(s, i, Token.WHITESPACE);
                if (!inList) {
                    argument = null;
                }
                continue;
            }
            if (c == '#') {
                add(i, end, Token.COMMENT_EOL);
                i = end;
                break;
            }
            if (c == '"') {
                i = doubleQuoted(i, end);
                words++;
                itemWords++;
                continue;
            }
            if (c == '\'') {
                int s = i++;
                boolean closed = false;
                while (i < end) {
                    if (array[i] == '\'') {
                        if (i + 1 < end && array[i + 1] == '\'') {
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    i++;
                }
                add(s, i, closed ? Token.LITERAL_CHAR : Token.ERROR_CHAR);
                words++;
                itemWords++;
                continue;
            }
            if (command != null && (c == '(' || c == ')' || inList && c == ',')) {
                add(i, i + 1, Token.SEPARATOR);
                if (c == '(') {
                    inList = true;
                } else if (c == ')') {
                    inList = false;
                    argument = null;
                }
                itemWords = 0;
                i++;
                continue;
            }
            // a bare word, or name= / name~
            int s = i;
            while (i < end && !Character.isWhitespace(array[i]) && array[i] != '#' && array[i] != '"' && array[i] != '\''
                    && !(command != null && (array[i] == '(' || array[i] == ')' || inList && array[i] == ','))) {
                if (command != null && !inList && (array[i] == '=' || array[i] == '~') && isName(s, i)) {
                    break;
                }
                i++;
            }
            if (command != null && !inList && i < end && (array[i] == '=' || array[i] == '~') && isName(s, i)) {
                add(s, i, Token.FUNCTION);
                add(i, i + 1, Token.OPERATOR);
                argument = new String(array, s, i - s).toLowerCase(Locale.ROOT);
                i++;
                continue;
            }
            String word = new String(array, s, i - s);
            if (command == null) {
                command = word.toLowerCase(Locale.ROOT);
                add(s, i, ScriptVocabulary.commands().contains(command) ? Token.RESERVED_WORD : Token.IDENTIFIER);
                continue;
            }
            add(s, i, classify(word, command, words, argument, inList, itemWords, i, end));
            words++;
            itemWords++;
        }
        addNullToken(); // nothing continues on the next line
        return firstToken;
    }

    private int classify(String word, String command, int words, String argument, boolean inList, int itemWords, int after, int end) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (word.startsWith("$")) {
            return Token.VARIABLE;
        }
        if ((command.equals("expect") || command.equals("await")) && words == 0 && argument == null) {
            if (lower.equals("closed") || lower.equals("nothing")) {
                return Token.RESERVED_WORD_2;
            }
            return Character.isDigit(word.charAt(0)) ? Token.LITERAL_NUMBER_DECIMAL_INT : Token.DATA_TYPE;
        }
        if (lower.startsWith("0x")) {
            return Token.LITERAL_NUMBER_HEXADECIMAL;
        }
        if (command.equals("raw") && word.matches("[0-9a-fA-F]+")) {
            return Token.LITERAL_NUMBER_HEXADECIMAL;
        }
        if (inList && argument != null && TYPE_LISTS.contains(argument)) {
            return Token.DATA_TYPE;
        }
        if (inList && argument != null && PARAM_LISTS.contains(argument) && itemWords == 0 && anotherWordFollows(after, end)) {
            return Token.DATA_TYPE; // int4 42, int8:binary 10000: the type of the value that follows
        }
        if (argument != null && TYPE_LISTS.contains(argument) && !Character.isDigit(word.charAt(0))) {
            return Token.DATA_TYPE;
        }
        if (word.matches("-?\\d+(\\.\\d+)?(ms|s|m)?")) {
            return Token.LITERAL_NUMBER_DECIMAL_INT;
        }
        if (KEYWORDS.contains(lower)) {
            return Token.RESERVED_WORD_2;
        }
        return Token.IDENTIFIER;
    }

    /** Whether another word of the same list item follows (not a comma, not the closing parenthesis). */
    private boolean anotherWordFollows(int i, int end) {
        while (i < end && Character.isWhitespace(array[i])) {
            i++;
        }
        return i < end && array[i] != ',' && array[i] != ')' && array[i] != '#';
    }

    /** The parser's rule for an argument name: letters, digits, {@code _} and {@code .}, starting with a letter or {@code _}. */
    private boolean isName(int s, int e) {
        if (e <= s || !(Character.isLetter(array[s]) || array[s] == '_')) {
            return false;
        }
        for (int k = s; k < e; k++) {
            char ch = array[k];
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '.')) {
                return false;
            }
        }
        return true;
    }

    /** A double-quoted string, {@code ${variables}} inside it picked out; returns the index after it. */
    private int doubleQuoted(int s, int end) {
        int i = s + 1;
        int run = s;
        while (i < end) {
            char ch = array[i];
            if (ch == '\\' && i + 1 < end) {
                i += 2;
                continue;
            }
            if (ch == '"') {
                add(run, i + 1, Token.LITERAL_STRING_DOUBLE_QUOTE);
                return i + 1;
            }
            if (ch == '$' && i + 1 < end && array[i + 1] == '{') {
                int close = i + 2;
                while (close < end && array[close] != '}' && array[close] != '"') {
                    close++;
                }
                if (close < end && array[close] == '}') {
                    if (i > run) {
                        add(run, i, Token.LITERAL_STRING_DOUBLE_QUOTE);
                    }
                    add(i, close + 1, Token.VARIABLE);
                    i = close + 1;
                    run = i;
                    continue;
                }
            }
            i++;
        }
        add(run, end, Token.ERROR_STRING_DOUBLE);
        return end;
    }

    /** Adds the token covering {@code [s, e)} of the segment's array. */
    private void add(int s, int e, int type) {
        if (e > s) {
            addToken(array, s, e - 1, type, shift + s);
        }
    }

    @Override
    public String[] getLineCommentStartAndEnd(int languageIndex) {
        return new String[] {"# ", null};
    }

    @Override
    public boolean getMarkOccurrencesOfTokenType(int type) {
        return type == Token.VARIABLE || type == Token.IDENTIFIER;
    }
}
