package dev.pgwb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.value.TypeOids;
import org.junit.jupiter.api.Test;

/** The words editors offer are the words the parser accepts: one table, read two ways. */
class ScriptVocabularyTest {

    @Test
    void everyArgumentNameOfferedIsAcceptedByTheParser() {
        assertThat(ScriptVocabulary.commands()).contains("parse", "bind", "describe", "execute", "close", "sync", "expect", "await");
        for (String command : ScriptVocabulary.commands()) {
            for (String arg : ScriptVocabulary.arguments(command)) {
                try {
                    ScriptParser.parse(command + " " + arg + "=1");
                } catch (ScriptException e) {
                    assertThat(e.reason()).as(command + " " + arg + "=1").doesNotStartWith("unknown argument");
                }
            }
        }
        assertThat(ScriptVocabulary.arguments("parse")).containsExactly("stmt", "sql", "types");
        assertThat(ScriptVocabulary.arguments("bind")).containsExactly("portal", "stmt", "formats", "params", "results");
        assertThat(ScriptVocabulary.arguments("sync")).isEmpty();
        assertThat(ScriptVocabulary.arguments("nonsense")).isEmpty();
        assertThat(ScriptVocabulary.usage("execute")).isEqualTo("execute [PORTAL] [rows=N]");
        assertThat(ScriptVocabulary.usage("nonsense")).isNull();
        assertThat(ScriptVocabulary.takesAnyNamed("startup")).isTrue();
        assertThat(ScriptVocabulary.takesAnyNamed("parse")).isFalse();
    }

    @Test
    void messageAndTypeNamesAreTheOnesTheParserKnows() throws ScriptException {
        assertThat(ScriptVocabulary.messageTypes()).contains("ErrorResponse", "ReadyForQuery", "ParseComplete", "BackendKeyData");
        for (String t : ScriptVocabulary.messageTypes()) {
            ScriptParser.parse("expect " + t);
        }
        assertThat(ScriptVocabulary.fields("ErrorResponse")).startsWith("code", "message", "severity", "detail", "hint");
        assertThat(ScriptVocabulary.fields("readyforquery")).startsWith("status");
        assertThat(ScriptVocabulary.fields("CommandComplete")).contains("tag");
        assertThat(ScriptVocabulary.fields("Nonsense")).isEmpty();
        for (String t : ScriptVocabulary.messageTypes()) {
            for (String f : ScriptVocabulary.fields(t)) {
                ScriptParser.parse("expect " + t + " " + f + "=x");
            }
        }
        assertThat(ScriptVocabulary.typeNames()).contains("int4", "int8", "text", "text[]", "int4[]", "uuid", "jsonb").doesNotContain("_text");
        for (String t : ScriptVocabulary.typeNames()) {
            assertThat(TypeOids.byName(t)).as(t).isPositive();
            ScriptParser.parse("parse S \"select 1\" types=(" + t + ")");
        }
    }
}
