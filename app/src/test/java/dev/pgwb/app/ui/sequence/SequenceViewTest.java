package dev.pgwb.app.ui.sequence;

import static dev.pgwb.app.ui.GuiTesting.onEdt;
import static dev.pgwb.app.ui.GuiTesting.screenshot;
import static dev.pgwb.app.ui.GuiTesting.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.app.ui.ActionId;
import dev.pgwb.app.ui.GuiTesting;
import dev.pgwb.app.ui.WindowTest;
import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.Themes;
import dev.pgwb.app.ui.timeline.MessageFamily;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.swing.tree.DefaultMutableTreeNode;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The sequence diagram in the real window, on a pgJDBC session recorded through the relay: an arrow
 * clicked selects its message in the timeline and the timeline's selection shows in the diagram;
 * presentation mode steps through the messages with their fields beside them; the visible diagram
 * exported as PNG and SVG; screenshots light and dark.
 */
@ExtendWith(PostgresExtension.class)
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SequenceViewTest extends WindowTest {
    private SequenceView openRecording(PgServer pg) throws Exception {
        Path file = RecordedPipeline.record(pg, tmp.resolve("pipeline.pgwb"));
        onEdt(() -> main.open(file));
        waitFor("the recording is shown", 30, () -> !main.busy() && main.timeline().getRowCount() > 100);
        window.tabbedPane("centerTabs").selectTab(Texts.get("tab.sequence"));
        SequenceView view = main.sequence();
        waitFor("the diagram is read", 30, () -> view.model() != null && view.model().caughtUp() && view.model().lineCount() > 10);
        return view;
    }

    private static int rowOfType(SequenceModel m, String type) {
        for (int r = 0; r < m.rowCount(); r++) {
            if (m.typeName(r).equals(type)) {
                return r;
            }
        }
        return -1;
    }

    private static String shownType(SequenceView view) {
        return onEdt(() -> ((DefaultMutableTreeNode) view.fields().getModel().getRoot()).getUserObject().toString());
    }

    @Test
    void anArrowSelectsItsMessageAndTheTimelineSelectionShowsInTheDiagram(PgServer pg) throws Exception {
        SequenceView view = openRecording(pg);
        SequenceDiagram diagram = view.diagram();
        SequenceModel m = view.model();
        int error = onEdt(() -> rowOfType(m, "ErrorResponse"));
        int errorLine = onEdt(() -> m.lineOfRow(error));
        onEdt(() -> diagram.scrollToLine(errorLine, true));
        robot.waitForIdle();

        // a click on the ErrorResponse's arrow selects it in the timeline and in the details below
        Point at = onEdt(() -> new Point(diagram.getWidth() / 2, diagram.arrowY(errorLine)));
        robot.click(diagram, at);
        waitFor("the error is selected in the timeline", 10, () -> main.timeline().selectedFrame() == (int) m.frameIndex(error));
        assertThat(window.label("detailsHeader").text()).contains("ErrorResponse");
        assertThat(onEdt(() -> diagram.selectedRow())).isEqualTo(error);
        assertThat(onEdt(() -> diagram.lineText(errorLine))).contains("ErrorResponse").contains("42601");

        // the skipped Bind after the failed Parse is labelled so
        int bind = onEdt(() -> {
            for (int r = error; r >= 0; r--) {
                if (m.typeName(r).equals("Bind")) {
                    return r;
                }
            }
            return -1;
        });
        assertThat(onEdt(() -> diagram.lineText(m.lineOfRow(bind)))).contains(Texts.get("sequence.skipped"));

        // selecting in the timeline moves the diagram's selection (the timeline is the other tab)
        int rowDescription = onEdt(() -> rowOfType(m, "RowDescription"));
        onEdt(() -> main.timeline().selectFrame((int) m.frameIndex(rowDescription)));
        waitFor("the RowDescription is selected in the diagram", 10, () -> diagram.selectedRow() == rowDescription);
        // the 120 DataRows after it are one line
        assertThat(onEdt(() -> diagram.lineText(m.lineOfRow(rowDescription) + 1))).isEqualTo("DataRow ×" + RecordedPipeline.ROWS);

        // zoom keeps working from the keyboard and the buttons
        double before = onEdt(() -> diagram.zoom());
        window.button("sequenceZoomIn").click();
        waitFor("zoomed in", 5, () -> diagram.zoom() > before);
        onEdt(() -> diagram.requestFocusInWindow());
        waitFor("the diagram has the focus", 5, () -> diagram.isFocusOwner());
        robot.pressKey(KeyEvent.VK_CONTROL);
        robot.pressAndReleaseKey(KeyEvent.VK_MINUS);
        robot.releaseKey(KeyEvent.VK_CONTROL);
        waitFor("zoomed out again", 5, () -> Math.abs(diagram.zoom() - before) < 0.01);

        // the wheel scrolls; with Ctrl it zooms
        onEdt(() -> diagram.scrollToLine(0, false));
        robot.waitForIdle();
        int top = onEdt(() -> view.scrollPane().getViewport().getViewPosition().y);
        robot.rotateMouseWheel(diagram, 3);
        waitFor("the wheel scrolled", 5, () -> view.scrollPane().getViewport().getViewPosition().y > top);
        robot.pressKey(KeyEvent.VK_CONTROL);
        robot.rotateMouseWheel(diagram, -2);
        robot.releaseKey(KeyEvent.VK_CONTROL);
        waitFor("Ctrl+wheel zoomed in", 5, () -> diagram.zoom() > before);
        onEdt(() -> diagram.setZoom(before));

        // the exports: the visible diagram, PNG and SVG
        onEdt(() -> diagram.selectRow(error));
        robot.waitForIdle();
        Path png = tmp.resolve("visible.png");
        Path svg = tmp.resolve("visible.svg");
        onEdt(() -> {
            view.export(SequenceExport.Format.PNG, SequenceExport.Range.VISIBLE, png);
            view.export(SequenceExport.Format.SVG, SequenceExport.Range.VISIBLE, svg);
            return null;
        });
        assertThat(png).exists();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        Dimension viewport = onEdt(() -> view.scrollPane().getViewport().getExtentSize());
        assertThat(new Dimension(img.getWidth(), img.getHeight())).isEqualTo(viewport);
        Color red = MessageFamily.ERROR_NOTICE.color(Themes.isDark());
        assertThat(count(img, red)).as("red error pixels").isGreaterThan(20);
        Color lane = onEdt(() -> laneColor());
        assertThat(count(img, lane)).as("lane pixels").isGreaterThan(img.getHeight() / 2);

        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline: no DTD fetch
        Document doc = xml.newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        NodeList texts = doc.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            words.add(texts.item(i).getTextContent());
        }
        assertThat(words).contains("ErrorResponse", "ReadyForQuery", Texts.get("sequence.client"), Texts.get("sequence.server"));
        assertThat(String.join(" ", words)).contains("42601").contains("Parse");

        // the selected round trip, as a range
        Path trip = tmp.resolve("trip.png");
        onEdt(() -> {
            view.export(SequenceExport.Format.PNG, SequenceExport.Range.ROUND_TRIP, trip);
            return null;
        });
        BufferedImage tripImg = ImageIO.read(trip.toFile());
        int tripLines = onEdt(() -> {
            SequenceModel.Trip t = m.tripOf(error);
            return m.lineOfRow(t.readyRow()) - m.lineOfRow(t.firstRow()) + 1;
        });
        assertThat(tripImg.getHeight()).isGreaterThan(onEdt(() -> diagram.headerHeight() + tripLines * diagram.lineHeight()) - 1);

        onEdt(() -> main.timeline().selectFrame((int) m.frameIndex(error)));
        waitFor("the error is selected everywhere", 10, () -> diagram.selectedRow() == error);
        javax.swing.JSplitPane details = robot.finder().findByName(main, "detailSplit", javax.swing.JSplitPane.class, false);
        onEdt(() -> details.setDividerLocation(0.7)); // more diagram in the picture
        robot.waitForIdle();
        onEdt(() -> diagram.scrollToLine(errorLine, true));
        robot.waitForIdle();
        screenshot(main, "sequence-light");
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(png, Path.of("target", "screenshots", "sequence-export.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(svg, Path.of("target", "screenshots", "sequence-export.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        onEdt(() -> main.actions().get(ActionId.THEME_DARK).actionPerformed(null));
        robot.waitForIdle();
        screenshot(main, "sequence-dark");
        onEdt(() -> main.actions().get(ActionId.THEME_LIGHT).actionPerformed(null));
    }

    private static Color laneColor() {
        // as the diagram mixes it: the foreground 35% over the background
        Color fg = javax.swing.UIManager.getColor("Table.foreground");
        Color bg = javax.swing.UIManager.getColor("Table.background");
        return new Color((int) (fg.getRed() * 0.35 + bg.getRed() * 0.65), (int) (fg.getGreen() * 0.35 + bg.getGreen() * 0.65),
                (int) (fg.getBlue() * 0.35 + bg.getBlue() * 0.65));
    }

    private static int count(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= 6 && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= 6
                        && Math.abs((rgb & 0xff) - c.getBlue()) <= 6) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void presentationModeStepsThroughTheMessagesWithTheirFields(PgServer pg) throws Exception {
        SequenceView view = openRecording(pg);
        SequenceDiagram diagram = view.diagram();
        SequenceModel m = view.model();
        int error = onEdt(() -> rowOfType(m, "ErrorResponse"));
        onEdt(() -> main.timeline().selectFrame((int) m.frameIndex(error)));
        waitFor("the error is selected in the diagram", 10, () -> diagram.selectedRow() == error);

        onEdt(() -> diagram.requestFocusInWindow());
        robot.waitForIdle();
        robot.pressAndReleaseKey(KeyEvent.VK_F5, 0);
        waitFor("the presentation window is up", 10, () -> view.presentationWindow() != null && view.presentationWindow().isShowing()
                && diagram.presentation());
        waitFor("the error's fields are beside the diagram", 10, () -> shownType(view).equals("ErrorResponse"));
        // twice the size where the screen allows it, never so big that the server lane leaves the screen
        assertThat(onEdt(() -> diagram.scale())).isGreaterThan(1.3).isLessThanOrEqualTo(2.0);
        assertThat(onEdt(() -> diagram.getPreferredSize().width <= view.scrollPane().getViewport().getExtentSize().width)).isTrue();
        robot.waitForIdle();
        screenshot(view.presentationWindow(), "sequence-presentation-light");

        // → steps to the next message (ReadyForQuery), ← back, Space and Page Down forward as clickers send
        robot.pressAndReleaseKey(KeyEvent.VK_RIGHT, 0);
        waitFor("the next message's fields", 10, () -> shownType(view).equals("ReadyForQuery"));
        assertThat(onEdt(() -> diagram.selectedRow())).isEqualTo(error + 1);
        waitFor("the timeline follows", 10, () -> main.timeline().selectedFrame() == (int) m.frameIndex(error + 1));
        robot.pressAndReleaseKey(KeyEvent.VK_LEFT, 0);
        waitFor("back to the error", 10, () -> shownType(view).equals("ErrorResponse"));
        robot.pressAndReleaseKey(KeyEvent.VK_PAGE_DOWN, 0);
        waitFor("Page Down steps forward", 10, () -> shownType(view).equals("ReadyForQuery"));
        robot.pressAndReleaseKey(KeyEvent.VK_PAGE_UP, 0);
        waitFor("Page Up steps back", 10, () -> shownType(view).equals("ErrorResponse"));
        robot.pressAndReleaseKey(KeyEvent.VK_SPACE, 0);
        waitFor("Space steps forward", 10, () -> shownType(view).equals("ReadyForQuery"));
        robot.pressAndReleaseKey(KeyEvent.VK_LEFT, 0);
        waitFor("back to the error", 10, () -> shownType(view).equals("ErrorResponse"));
        assertThat(onEdt(() -> ((javax.swing.JLabel) robot.finder().findByName("sequenceFieldsHeader")).getText())).contains("42601");

        onEdt(() -> main.actions().get(ActionId.THEME_DARK).actionPerformed(null));
        robot.waitForIdle();
        screenshot(view.presentationWindow(), "sequence-presentation-dark");
        onEdt(() -> main.actions().get(ActionId.THEME_LIGHT).actionPerformed(null));

        robot.pressAndReleaseKey(KeyEvent.VK_ESCAPE, 0);
        waitFor("presentation left", 10, () -> view.presentationWindow() == null && !diagram.presentation()
                && view.isAncestorOf(diagram));
        assertThat(onEdt(() -> diagram.scale())).isEqualTo(1.0);
    }
}
