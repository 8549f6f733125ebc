package dev.pgwb.app.ui.composer;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.screenshot;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.ui.Themes;
import dev.pgwb.protocol.client.ConnectionSettings;
import dev.pgwb.protocol.client.RunMode;
import dev.pgwb.protocol.client.Script;
import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.client.ScriptRunner;
import dev.pgwb.protocol.client.WireClient;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.wire.Direction;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.swing.JFrame;
import javax.swing.JList;
import javax.swing.JSplitPane;
import javax.swing.JToolTip;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.GenericTypeMatcher;
import org.assertj.swing.core.Robot;
import org.assertj.swing.data.TableCell;
import org.assertj.swing.fixture.FrameFixture;
import org.fife.ui.rsyntaxtextarea.RSyntaxTextArea;
import org.fife.ui.rsyntaxtextarea.parser.ParserNotice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The script editor and the message builder side by side, as the composer shows them: typing a
 * script with a mistake and seeing it underlined with the parser's message, completion, building
 * a Parse and a Bind whose inserted lines send exactly the previewed bytes to PostgreSQL 18.
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class ScriptEditorWindowTest {
    @org.junit.jupiter.api.BeforeAll
    static void failOnEdtViolations() {
        org.assertj.swing.edt.FailOnThreadViolationRepaintManager.install();
    }

    private Robot robot;
    private FrameFixture window;
    private ScriptEditor editor;
    private MessageBuilder builder;
    private JFrame frame;

    private void open(boolean dark) {
        robot = BasicRobot.robotWithNewAwtHierarchy();
        onEdt(() -> Themes.apply(dark ? "dark" : "light", 0));
        frame = onEdt(() -> {
            JFrame f = new JFrame("pgwb composer components");
            editor = new ScriptEditor();
            builder = new MessageBuilder(editor::insertLine);
            JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, editor, builder);
            split.setResizeWeight(0.55);
            f.setContentPane(split);
            f.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
            return f;
        });
        window = new FrameFixture(robot, frame);
        window.show(new Dimension(1240, 760));
        onEdt(() -> frame.setLocation(0, 0));
    }

    @AfterEach
    void close() {
        if (window != null) {
            window.cleanUp();
        } else if (robot != null) {
            robot.cleanUp();
        }
    }

    @SuppressWarnings("deprecation")
    private static final int CTRL = java.awt.event.InputEvent.CTRL_MASK; // the robot takes the old-style masks

    /** Waits (up to 5 s) until a showing component matches, and returns it. */
    private java.awt.Component waitForComponent(GenericTypeMatcher<? extends java.awt.Component> matcher) {
        var found = new org.assertj.swing.core.ComponentFoundCondition("a component", robot.finder(), matcher);
        org.assertj.swing.timing.Pause.pause(found, 5000);
        return found.found();
    }

    private RSyntaxTextArea area() {
        return editor.textArea();
    }

    @Test
    void aMistakeIsUnderlinedWithTheParsersMessageAndGoesWhenFixed() throws Exception {
        open(false);
        var text = window.textBox("scriptText");
        text.click();
        text.enterText("parse S_1 \"select 1\"");
        text.pressAndReleaseKeys(KeyEvent.VK_ESCAPE, KeyEvent.VK_ENTER);
        text.enterText("excute \"\"");
        text.pressAndReleaseKeys(KeyEvent.VK_ESCAPE, KeyEvent.VK_ENTER);
        text.enterText("sync");
        text.pressAndReleaseKeys(KeyEvent.VK_ESCAPE);

        waitFor("the parser's notice on line 2", 10, () -> area().getParserNotices().size() == 1);
        ParserNotice n = onEdt(() -> area().getParserNotices().get(0));
        int line2 = onEdt(() -> area().getLineStartOffset(1));
        assertThat(n.getLine()).isEqualTo(1); // 0-based: the second line
        assertThat(n.getLevel()).isEqualTo(ParserNotice.Level.ERROR);
        assertThat(n.getOffset()).isEqualTo(line2);
        assertThat(n.getLength()).isEqualTo("excute".length());
        assertThat(n.getMessage()).isEqualTo("unknown command \"excute\": expected \"execute\" (did you mean it?)");
        assertThat(onEdt(() -> editor.problems())).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(1);
        });

        // hovering the squiggle shows the message
        Rectangle r = onEdt(() -> area().modelToView2D(line2 + 2).getBounds());
        Point inWord = new Point(r.x + 1, r.y + r.height / 2);
        String tip = onEdt(() -> area().getToolTipText(new MouseEvent(area(), MouseEvent.MOUSE_MOVED, System.currentTimeMillis(), 0,
                inWord.x, inWord.y, 0, false)));
        assertThat(tip).contains("line 2, column 1: unknown command \"excute\"");
        robot.moveMouse(area(), inWord);
        JToolTip shown = (JToolTip) waitForComponent(new GenericTypeMatcher<>(JToolTip.class, true) {
            @Override
            protected boolean isMatching(JToolTip t) {
                return t.getTipText() != null && t.getTipText().contains("did you mean it?");
            }
        });
        assertThat(shown.getTipText()).contains("excute");
        screenshot(frame, "composer-editor-error-light");

        // fix it: the squiggle goes
        onEdt(() -> area().select(line2, line2 + "excute".length()));
        text.enterText("execute");
        waitFor("no notice once fixed", 10, () -> area().getParserNotices().isEmpty());
        assertThat(onEdt(() -> editor.problems())).isEmpty();
        assertThat(onEdt(() -> editor.getText())).isEqualTo("parse S_1 \"select 1\"\nexecute \"\"\nsync");

        // undo brings the mistake back, redo removes it again
        text.pressAndReleaseKey(org.assertj.swing.core.KeyPressInfo.keyCode(KeyEvent.VK_Z).modifiers(CTRL));
        waitFor("undo brings back the mistake", 5, () -> editor.getText().contains("excute"));
        waitFor("and its squiggle", 10, () -> area().getParserNotices().size() == 1);
        text.pressAndReleaseKey(org.assertj.swing.core.KeyPressInfo.keyCode(KeyEvent.VK_Y).modifiers(CTRL));
        waitFor("redo fixes it again", 5, () -> editor.getText().contains("execute"));

        // find: Ctrl+F, type, Enter selects the next match; Esc closes the bar
        text.pressAndReleaseKey(org.assertj.swing.core.KeyPressInfo.keyCode(KeyEvent.VK_F).modifiers(CTRL));
        window.panel("findBar").requireVisible();
        window.textBox("findField").enterText("sync");
        window.textBox("findField").pressAndReleaseKeys(KeyEvent.VK_ENTER);
        waitFor("sync found", 5, () -> "sync".equals(area().getSelectedText()));
        window.textBox("findField").pressAndReleaseKeys(KeyEvent.VK_ESCAPE);
        waitFor("find bar closed", 5, () -> !editor.findBar().isVisible());
    }

    @Test
    void ctrlSpaceOffersCommandsAndInsertsTheChosenOne() {
        open(false);
        var text = window.textBox("scriptText");
        text.click();
        text.enterText("pa");
        text.pressAndReleaseKey(org.assertj.swing.core.KeyPressInfo.keyCode(KeyEvent.VK_SPACE).modifiers(CTRL));
        @SuppressWarnings("rawtypes")
        JList list = (JList) waitForComponent(new GenericTypeMatcher<>(JList.class, true) {
            @Override
            protected boolean isMatching(JList l) {
                return l.getModel().getSize() > 0 && l.getModel().getElementAt(0) instanceof org.fife.ui.autocomplete.Completion;
            }
        });
        List<String> offered = onEdt(() -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.getModel().getSize(); i++) {
                out.add(((org.fife.ui.autocomplete.Completion) list.getModel().getElementAt(i)).getReplacementText());
            }
            return out;
        });
        assertThat(offered).contains("parse", "password");
        text.enterText("r"); // narrows the list to parse
        waitFor("only parse offered", 5, () -> list.getModel().getSize() == 1);
        text.pressAndReleaseKeys(KeyEvent.VK_ENTER);
        waitFor("parse inserted", 5, () -> editor.getText().equals("parse"));

        // without Ctrl+Space: after "expect " the message types come up by themselves
        text.pressAndReleaseKeys(KeyEvent.VK_END, KeyEvent.VK_ENTER);
        text.enterText("expect ");
        waitFor("message types offered on their own", 5, () -> list.isShowing() && list.getModel().getSize() > 10
                && ((org.fife.ui.autocomplete.BasicCompletion) list.getModel().getElementAt(0)).getShortDescription().equals("message type"));
        text.enterText("ReadyF");
        waitFor("narrowed to ReadyForQuery", 5, () -> list.isShowing() && list.getModel().getSize() == 1);
        text.pressAndReleaseKeys(KeyEvent.VK_ENTER);
        waitFor("ReadyForQuery inserted", 5, () -> editor.getText().equals("parse\nexpect ReadyForQuery"));
    }

    @Test
    void aParseBuiltInTheFormIsInsertedAndSendsThePreviewedBytes(PgServer pg) throws Exception {
        open(false);
        onEdt(() -> editor.setText("# built with the message builder\n"));
        onEdt(() -> area().setCaretPosition(area().getDocument().getLength()));
        window.comboBox("builderType").selectItem("Parse");
        window.textBox("parseName").deleteText().enterText("S_1");
        window.textBox("parseSql").deleteText().enterText("select $1::int4 * 2 as doubled");
        window.button("parseTypesRemove").click();
        window.button("parseTypesAdd").click();
        window.table("parseTypes").enterValue(TableCell.row(0).column(0), "int4");

        Parse expected = new Parse("S_1", "select $1::int4 * 2 as doubled", List.of(23));
        waitFor("the form describes the Parse", 5, () -> expected.equals(builder.message()));
        byte[] bytes = onEdt(() -> builder.encoded());
        assertThat(bytes).isEqualTo(Encoder.encode(expected));
        assertThat((char) bytes[0]).isEqualTo('P');
        assertThat(window.textBox("builderHex").text()).contains("50 00 00 00");
        assertThat(window.label("builderPreviewHeader").text()).contains("Parse").contains(bytes.length + "");

        // two-way highlight: a field shows its bytes
        onEdt(() -> builder.selectType("Parse"));
        var tree = window.tree("builderFields");
        waitFor("field tree filled", 5, () -> tree.target().getRowCount() > 1);
        tree.clickRow(1);
        waitFor("bytes highlighted", 5, () -> onEdt(() -> ((dev.pgwb.app.ui.hex.HexView) window.textBox("builderHex").target()).highlightedRange()) != null);
        screenshot(frame, "composer-builder-light");

        window.button("builderInsert").click();
        String line = "parse S_1 \"select $1::int4 * 2 as doubled\" types=(int4)";
        waitFor("the line is in the editor", 5, () -> editor.getText().endsWith(line));
        assertThat(onEdt(() -> area().getSelectedText())).isEqualTo(line);

        Script script = ScriptParser.parse(editor.getText());
        assertThat(script.steps()).singleElement().satisfies(s -> {
            assertThat(s.command()).isEqualTo("parse");
            assertThat(s.line()).isEqualTo(2);
        });
        assertThat(sent(pg, editor.getText() + "\nsync\nexpect ParseComplete\nexpect ReadyForQuery"))
                .containsExactly(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(Encoder.encode(new dev.pgwb.protocol.message.Sync())));
    }

    @Test
    void aBindWithBinaryAndNullParametersSendsThePreviewedBytes(PgServer pg) throws Exception {
        open(true);
        onEdt(() -> editor.setText("parse S_2 \"select $1::int8 + 1, $2::text, $3::int4\" types=(int8, text, int4)"));
        onEdt(() -> area().setCaretPosition(area().getDocument().getLength()));
        window.comboBox("builderType").selectItem("Bind");
        window.textBox("bindStatement").deleteText().enterText("S_2");
        var params = window.table("bindParamsTable");
        params.enterValue(TableCell.row(0).column(0), "10000000000");
        params.enterValue(TableCell.row(0).column(1), "int8");
        params.enterValue(TableCell.row(0).column(2), "binary");
        window.button("bindParamsAdd").click();
        params.enterValue(TableCell.row(1).column(0), "two \"quoted\" words");
        window.button("bindParamsAdd").click();
        params.enterValue(TableCell.row(2).column(3), "true"); // NULL
        onEdt(() -> ((javax.swing.JTextField) ((javax.swing.JComboBox<?>) window.comboBox("bindResults").target()).getEditor()
                .getEditorComponent()).setText("binary"));

        Bind expected = new Bind("", "S_2", List.of(1, 0, 0),
                java.util.Arrays.asList(Bytes.of(java.nio.ByteBuffer.allocate(8).putLong(10_000_000_000L).array()),
                        Bytes.of("two \"quoted\" words".getBytes(java.nio.charset.StandardCharsets.UTF_8)), null),
                List.of(1));
        waitFor("the form describes the Bind", 5, () -> expected.equals(builder.message()));
        byte[] bytes = onEdt(() -> builder.encoded());
        assertThat((char) bytes[0]).isEqualTo('B');

        // a mistake in the form is named and nothing can be inserted
        params.enterValue(TableCell.row(0).column(0), "lots");
        waitFor("problem shown", 5, () -> builder.message() == null);
        assertThat(window.label("builderProblem").text()).contains("Parameter 1").contains("lots");
        window.button("builderInsert").requireDisabled();
        params.enterValue(TableCell.row(0).column(0), "10000000000");
        waitFor("fixed", 5, () -> expected.equals(builder.message()));
        screenshot(frame, "composer-builder-dark");

        window.button("builderInsert").click();
        waitFor("the bind line inserted", 5, () -> editor.getText().lines().count() == 2);
        String script = editor.getText() + "\nexecute \"\"\nsync\nexpect ParseComplete\nexpect BindComplete\n"
                + "expect DataRow\nexpect CommandComplete\nexpect ReadyForQuery";
        List<String> sent = sent(pg, script);
        assertThat(sent.get(1)).as(editor.getText()).isEqualTo(HexFormat.of().formatHex(bytes));
    }

    static final String SHOWCASE = """
            # title: Parse, Close, then Bind the closed statement
            parse S_1 "select $1::int8 + 1" types=(int8)
            close statement S_1
            bind "" S_1 params=(int8:binary 10000, 0xdeadbeef, null, 'it''s') results=binary
            execute "" rows=10
            sync
            expect ParseComplete
            expect CloseComplete
            expect ErrorResponse code=26000 message~"does not exist" as err
            note "failed with ${err.code}"
            await ReadyForQuery status=I
            await 500ms
            """;

    /** Light, then dark by switching the theme while the window is open (the editor follows FlatLaf by itself). */
    @Test
    void screenshotsLightAndDark() throws Exception {
        open(false);
        onEdt(() -> {
            editor.setText(SHOWCASE);
            editor.highlightLine(4);
            builder.selectType("Bind");
        });
        assertThat(onEdt(() -> editor.highlightedLine())).isEqualTo(4);
        assertThat(onEdt(() -> editor.isDark())).isFalse();
        waitFor("parsed without problems", 10, () -> area().getParserNotices().isEmpty());
        screenshot(frame, "composer-editor-light");

        onEdt(() -> Themes.apply("dark", 0));
        waitFor("the editor follows the dark theme", 5, () -> editor.isDark()
                && area().getBackground().getRed() < 100 && area().getForeground().getRed() > 150);
        assertThat(onEdt(() -> editor.highlightedLine())).as("the step marker survives the theme change").isEqualTo(4);
        screenshot(frame, "composer-editor-dark");

        onEdt(() -> editor.highlightLine(0));
        assertThat(onEdt(() -> editor.highlightedLine())).isZero();
    }

    /** The builder's and find bar's words in Simplified Chinese. */
    @Test
    void screenshotInChinese() throws Exception {
        java.util.Locale before = dev.pgwb.app.ui.Texts.locale();
        dev.pgwb.app.ui.Texts.use(java.util.Locale.SIMPLIFIED_CHINESE);
        try {
            open(false);
            onEdt(() -> {
                editor.setText(SHOWCASE);
                builder.selectType("Execute");
                editor.openFind();
            });
            window.textBox("findField").enterText("expect");
            window.label("findStatus").requireText("3 处匹配");
            screenshot(frame, "composer-zh");
        } finally {
            dev.pgwb.app.ui.Texts.use(before);
        }
    }

    /** Runs the script against the server and returns the frontend frames it sent, as hex. */
    private static List<String> sent(PgServer pg, String script) throws Exception {
        List<String> out = new ArrayList<>();
        try (SessionStore store = SessionStore.createTemporary()) {
            try (WireClient client = new WireClient(ConnectionSettings.of(pg.host(), pg.port(), PgServer.SUPERUSER, "postgres"),
                    store, null, null, null)) {
                ScriptRunner.Result r = new ScriptRunner(client, RunMode.ALL, null).run(ScriptParser.parse(script));
                assertThat(r.failure()).as(script).isNull();
            }
            SessionDecoder.decodeAll(store, true, (f, d) -> {
                if (f.frame().direction() == Direction.FRONTEND && d.message() instanceof FrontendMessage m
                        && !dev.pgwb.protocol.client.ScriptWriter.isLogin(m)) {
                    out.add(HexFormat.of().formatHex(f.frame().bytes()));
                }
            });
        }
        return out;
    }
}
