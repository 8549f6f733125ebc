package dev.pgwb.app.ui.composer;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.client.ScriptException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The editor's API as the composer uses it: text, inserted lines, the step marker, problems, change events. */
class ScriptEditorTest {
    @org.junit.jupiter.api.BeforeAll
    static void failOnEdtViolations() {
        org.assertj.swing.edt.FailOnThreadViolationRepaintManager.install();
    }

    private final ScriptEditor editor = onEdt(ScriptEditor::new);

    @Test
    void setTextStartsAFreshUndoHistory() {
        onEdt(() -> editor.textArea().setText("query \"select 1\""));
        assertThat(onEdt(() -> editor.textArea().canUndo())).isTrue();
        onEdt(() -> editor.setText("sync"));
        assertThat(onEdt(editor::getText)).isEqualTo("sync");
        assertThat(onEdt(() -> editor.textArea().canUndo())).isFalse();
    }

    @Test
    void insertedLinesGoAfterTheCaretsLineOrInPlaceOfABlankOne() {
        onEdt(() -> editor.insertLine("parse S_1 \"select 1\""));
        assertThat(onEdt(editor::getText)).isEqualTo("parse S_1 \"select 1\"");
        onEdt(() -> editor.insertLine("sync"));
        assertThat(onEdt(editor::getText)).isEqualTo("parse S_1 \"select 1\"\nsync");
        assertThat(onEdt(() -> editor.textArea().getSelectedText())).isEqualTo("sync");

        onEdt(() -> {
            editor.setText("parse S_1 \"select 1\"\n\nsync\n");
            editor.textArea().setCaretPosition(0);
        });
        onEdt(() -> editor.insertLine("bind \"\" S_1"));
        assertThat(onEdt(editor::getText)).isEqualTo("parse S_1 \"select 1\"\nbind \"\" S_1\n\nsync\n");
        onEdt(() -> editor.textArea().setCaretPosition(editor.getText().indexOf("\n\n") + 1));
        onEdt(() -> editor.insertLine("execute \"\""));
        assertThat(onEdt(editor::getText)).isEqualTo("parse S_1 \"select 1\"\nbind \"\" S_1\nexecute \"\"\nsync\n");

        onEdt(() -> editor.textArea().undoLastAction());
        assertThat(onEdt(editor::getText)).as("one undo step per inserted line").isEqualTo("parse S_1 \"select 1\"\nbind \"\" S_1\n\nsync\n");
    }

    @Test
    void theStepMarkerIsOnOneLineAtATime() {
        onEdt(() -> editor.setText("query \"select 1\"\nsync\nexpect ReadyForQuery"));
        onEdt(() -> editor.highlightLine(2));
        assertThat(onEdt(editor::highlightedLine)).isEqualTo(2);
        onEdt(() -> editor.highlightLine(3));
        assertThat(onEdt(editor::highlightedLine)).isEqualTo(3);
        onEdt(() -> editor.highlightLine(99));
        assertThat(onEdt(editor::highlightedLine)).isZero();
        onEdt(() -> editor.highlightLine(1));
        onEdt(() -> editor.setText("sync"));
        assertThat(onEdt(editor::highlightedLine)).as("a new script has no next step yet").isZero();
    }

    @Test
    void everyLineWithAMistakeIsAProblemAndListenersHearOfChanges() {
        AtomicInteger changes = new AtomicInteger();
        onEdt(() -> editor.addScriptListener(changes::incrementAndGet));
        onEdt(() -> editor.setText("excute \"\"\nsync\nexecute \"\" rows=lots\n"));
        assertThat(onEdt(editor::problems)).extracting(ScriptException::line, ScriptException::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(3, 17));
        waitFor("the listener told once typing stops", 10, () -> changes.get() == 1);
        onEdt(() -> editor.setText("sync"));
        waitFor("and again for the next change", 10, () -> changes.get() == 2);
        assertThat(onEdt(editor::problems)).isEmpty();
    }

    @Test
    void ctrlSlashCommentsTheLineOutAndBackIn() {
        onEdt(() -> editor.setText("sync"));
        javax.swing.KeyStroke ctrlSlash = javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_SLASH,
                java.awt.Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx());
        Runnable press = () -> {
            Object name = editor.textArea().getInputMap().get(ctrlSlash);
            editor.textArea().getActionMap().get(name).actionPerformed(
                    new java.awt.event.ActionEvent(editor.textArea(), java.awt.event.ActionEvent.ACTION_PERFORMED, ""));
        };
        onEdt(press);
        assertThat(onEdt(editor::getText)).isEqualTo("# sync");
        onEdt(press);
        assertThat(onEdt(editor::getText)).isEqualTo("sync");
    }
}
