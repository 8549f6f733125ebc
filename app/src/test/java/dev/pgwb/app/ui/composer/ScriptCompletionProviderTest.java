package dev.pgwb.app.ui.composer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fife.ui.autocomplete.Completion;
import org.junit.jupiter.api.Test;

/** What completion offers where, from the line up to the caret. */
class ScriptCompletionProviderTest {
    private final ScriptCompletionProvider provider = new ScriptCompletionProvider();

    private List<String> offered(String before) {
        return provider.completionsFor(before).stream().map(Completion::getReplacementText).toList();
    }

    @Test
    void commandsAtTheStartOfALine() {
        assertThat(offered("pa")).containsExactly("password", "parse");
        assertThat(offered("par")).containsExactly("parse");
        assertThat(offered("  c")).contains("connect", "connection", "cancel", "copydone", "close", "copydata", "copyfail");
        assertThat(offered("")).contains("parse", "bind", "expect", "sync");
        assertThat(provider.completionsFor("par").get(0).getSummary()).contains("parse [NAME] SQL");
    }

    @Test
    void argumentNamesOfTheCommandNotGivenYet() {
        assertThat(offered("parse S_1 \"select 1\" ")).containsExactly("stmt=", "sql=", "types=");
        assertThat(offered("bind portal=\"\" p")).containsExactly("params=");
        assertThat(offered("execute \"\" r")).containsExactly("rows=");
    }

    @Test
    void typeNamesInTypesListsAndParameters() {
        assertThat(offered("parse S_1 \"select $1\" types=(int")).contains("int2", "int4", "int8", "int4[]");
        assertThat(offered("parse S_1 \"select $1, $2\" types=(int4, te")).contains("text", "text[]");
        assertThat(offered("bind \"\" S_1 params=(int4 42, nu")).startsWith("null").contains("numeric");
        assertThat(offered("bind \"\" S_1 params=(int4 4")).isEmpty(); // a value, not a type
        assertThat(offered("bind \"\" S_1 results=b")).containsExactly("binary");
    }

    @Test
    void messageTypesAfterExpectAndAwait() {
        assertThat(offered("expect Err")).containsExactly("ErrorResponse");
        assertThat(offered("await Ready")).containsExactly("ReadyForQuery");
        assertThat(offered("expect c")).contains("CommandComplete", "CopyInResponse", "closed");
        assertThat(offered("describe s")).containsExactly("statement");
    }

    @Test
    void fieldsOfTheExpectedMessage() {
        assertThat(offered("expect ErrorResponse ")).contains("code=", "message=", "severity=", "detail=", "hint=", "as");
        assertThat(offered("expect ErrorResponse code=26000 m")).containsExactly("message=");
        assertThat(offered("expect ReadyForQuery s")).containsExactly("status=");
        assertThat(offered("await CommandComplete t")).containsExactly("tag=");
        assertThat(offered("expect BackendKeyData as ")).isEmpty();
        assertThat(offered("expect BackendKeyData as key ")).isEmpty();
    }

    @Test
    void nothingInsideStringsOrComments() {
        assertThat(offered("query \"select pa")).isEmpty();
        assertThat(offered("sync # pa")).isEmpty();
    }
}
