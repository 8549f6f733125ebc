package dev.pgwb.app.ui;

import java.nio.file.Path;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.fixture.FrameFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of the real window: opened before each test with its settings in a directory of its own,
 * closed after, and Swing's threading rule enforced (a component touched off the EDT fails the test).
 */
public abstract class WindowTest {
    @TempDir
    protected Path tmp;

    protected GuiTesting.OpenedWindow opened;
    protected Robot robot;
    protected FrameFixture window;
    protected MainWindow main;

    @BeforeAll
    static void strictEdt() {
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void openWindow() {
        open(tmp.resolve("config"));
    }

    /** Opens the window with its settings in {@code config}, closing the one open before. */
    protected void open(Path config) {
        closeWindow();
        opened = GuiTesting.openWindow(config, 20);
        robot = opened.robot();
        window = opened.window();
        main = opened.main();
    }

    @AfterEach
    void closeWindow() {
        GuiTesting.OpenedWindow o = opened;
        opened = null;
        if (o != null) {
            o.close();
        }
    }
}
