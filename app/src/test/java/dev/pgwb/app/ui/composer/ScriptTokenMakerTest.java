package dev.pgwb.app.ui.composer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.swing.text.Segment;
import org.fife.ui.rsyntaxtextarea.Token;
import org.junit.jupiter.api.Test;

/** The script language's token maker: which type each piece of a line gets. */
class ScriptTokenMakerTest {

    record Piece(String text, int type) {
    }

    private static List<Piece> tokens(String line) {
        // a segment in the middle of a larger array, at a non-zero document offset, as RSTA passes it
        String padded = "xx" + line + "yy";
        Segment s = new Segment(padded.toCharArray(), 2, line.length());
        List<Piece> out = new ArrayList<>();
        int expectedOffset = 100;
        for (Token t = new ScriptTokenMaker().getTokenList(s, Token.NULL, 100); t != null && t.isPaintable(); t = t.getNextToken()) {
            assertThat(t.getOffset()).as("offset of %s", t.getLexeme()).isEqualTo(expectedOffset);
            expectedOffset += t.length();
            if (t.getType() != Token.WHITESPACE) {
                out.add(new Piece(t.getLexeme(), t.getType()));
            }
        }
        assertThat(expectedOffset).as("tokens cover the whole line").isEqualTo(100 + line.length());
        return out;
    }

    @Test
    void parseWithTypesAndComment() {
        assertThat(tokens("parse S_1 \"select $1::int\" types=(int4, text[]) # prepare it")).containsExactly(
                new Piece("parse", Token.RESERVED_WORD),
                new Piece("S_1", Token.IDENTIFIER),
                new Piece("\"select $1::int\"", Token.LITERAL_STRING_DOUBLE_QUOTE),
                new Piece("types", Token.FUNCTION),
                new Piece("=", Token.OPERATOR),
                new Piece("(", Token.SEPARATOR),
                new Piece("int4", Token.DATA_TYPE),
                new Piece(",", Token.SEPARATOR),
                new Piece("text[]", Token.DATA_TYPE),
                new Piece(")", Token.SEPARATOR),
                new Piece("# prepare it", Token.COMMENT_EOL));
    }

    @Test
    void bindParametersBytesNullAndLiteralString() {
        assertThat(tokens("bind \"\" S_1 params=(int8:binary 10000, 0xdeadbeef, null, 'it''s') results=binary")).containsExactly(
                new Piece("bind", Token.RESERVED_WORD),
                new Piece("\"\"", Token.LITERAL_STRING_DOUBLE_QUOTE),
                new Piece("S_1", Token.IDENTIFIER),
                new Piece("params", Token.FUNCTION),
                new Piece("=", Token.OPERATOR),
                new Piece("(", Token.SEPARATOR),
                new Piece("int8:binary", Token.DATA_TYPE),
                new Piece("10000", Token.LITERAL_NUMBER_DECIMAL_INT),
                new Piece(",", Token.SEPARATOR),
                new Piece("0xdeadbeef", Token.LITERAL_NUMBER_HEXADECIMAL),
                new Piece(",", Token.SEPARATOR),
                new Piece("null", Token.RESERVED_WORD_2),
                new Piece(",", Token.SEPARATOR),
                new Piece("'it''s'", Token.LITERAL_CHAR),
                new Piece(")", Token.SEPARATOR),
                new Piece("results", Token.FUNCTION),
                new Piece("=", Token.OPERATOR),
                new Piece("binary", Token.RESERVED_WORD_2));
    }

    @Test
    void expectWithMessageTypeFieldsAndVariables() {
        assertThat(tokens("expect ErrorResponse code=26000 message~\"S_1 ${who}\" as err")).containsExactly(
                new Piece("expect", Token.RESERVED_WORD),
                new Piece("ErrorResponse", Token.DATA_TYPE),
                new Piece("code", Token.FUNCTION),
                new Piece("=", Token.OPERATOR),
                new Piece("26000", Token.LITERAL_NUMBER_DECIMAL_INT),
                new Piece("message", Token.FUNCTION),
                new Piece("~", Token.OPERATOR),
                new Piece("\"S_1 ", Token.LITERAL_STRING_DOUBLE_QUOTE),
                new Piece("${who}", Token.VARIABLE),
                new Piece("\"", Token.LITERAL_STRING_DOUBLE_QUOTE),
                new Piece("as", Token.RESERVED_WORD_2),
                new Piece("err", Token.IDENTIFIER));
        assertThat(tokens("cancel pid=${key.pid} key=$k")).containsExactly(
                new Piece("cancel", Token.RESERVED_WORD),
                new Piece("pid", Token.FUNCTION),
                new Piece("=", Token.OPERATOR),
                new Piece("${key.pid}", Token.VARIABLE),
                new Piece("key", Token.FUNCTION),
                new Piece("=", Token.OPERATOR),
                new Piece("$k", Token.VARIABLE));
    }

    @Test
    void commentsBlankLinesUnknownCommandsAndUnterminatedStrings() {
        assertThat(tokens("# only a comment")).containsExactly(new Piece("# only a comment", Token.COMMENT_EOL));
        assertThat(tokens("")).isEmpty();
        assertThat(tokens("   ")).isEmpty();
        assertThat(tokens("excute \"\"")).first().isEqualTo(new Piece("excute", Token.IDENTIFIER));
        assertThat(tokens("query \"select 1")).containsExactly(
                new Piece("query", Token.RESERVED_WORD),
                new Piece("\"select 1", Token.ERROR_STRING_DOUBLE));
        assertThat(tokens("raw 00 00 00 08 04 d2 16 2f")).allSatisfy(p -> {
            if (!p.text().equals("raw")) {
                assertThat(p.type()).isIn(Token.LITERAL_NUMBER_HEXADECIMAL);
            }
        });
        assertThat(tokens("await 500ms")).containsExactly(
                new Piece("await", Token.RESERVED_WORD),
                new Piece("500ms", Token.LITERAL_NUMBER_DECIMAL_INT));
    }
}
