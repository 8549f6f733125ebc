package dev.pgwb.app.ui;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.timing.Condition;
import org.assertj.swing.timing.Pause;
import org.assertj.swing.timing.Timeout;

/** Small helpers for the window tests: wait on a condition read on the EDT, query the EDT, take a screenshot. */
public final class GuiTesting {
    private GuiTesting() {
    }

    /** The real window, opened for a test at a known place and size; closing it releases the screen. */
    public record OpenedWindow(org.assertj.swing.core.Robot robot, org.assertj.swing.fixture.FrameFixture window, MainWindow main)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                onEdt(() -> {
                    main.composers().closeAll(); // a test's unsaved scripts: no question asked
                    main.exit();
                });
            } finally {
                window.cleanUp();
            }
        }
    }

    /**
     * Opens the workbench with its settings in {@code config}, 1280×860 at the top left (no window
     * manager under Xvfb keeps it on the screen), with {@code delayBetweenEventsMillis} between robot
     * events (negative: the robot's default).
     */
    public static OpenedWindow openWindow(java.nio.file.Path config, int delayBetweenEventsMillis) {
        org.assertj.swing.core.Robot robot = org.assertj.swing.core.BasicRobot.robotWithNewAwtHierarchy();
        try {
            if (delayBetweenEventsMillis >= 0) {
                robot.settings().delayBetweenEvents(delayBetweenEventsMillis);
            }
            MainWindow main = onEdt(() -> Workbench.create(config));
            org.assertj.swing.fixture.FrameFixture window = new org.assertj.swing.fixture.FrameFixture(robot, main);
            window.show(new java.awt.Dimension(1280, 860));
            onEdt(() -> main.setLocation(0, 0));
            return new OpenedWindow(robot, window, main);
        } catch (RuntimeException | Error e) {
            robot.cleanUp(); // releases the screen lock even when the window never opened
            throw e;
        }
    }

    public static <T> T onEdt(Callable<T> c) {
        return GuiActionRunner.execute(c);
    }

    public static void onEdt(Runnable r) {
        GuiActionRunner.execute(r::run);
    }

    /** Waits (up to {@code seconds}) until {@code condition}, evaluated on the EDT, holds. */
    public static void waitFor(String description, int seconds, BooleanSupplier condition) {
        Pause.pause(new Condition(description) {
            @Override
            public boolean test() {
                return GuiActionRunner.execute(condition::getAsBoolean);
            }
        }, Timeout.timeout(seconds * 1000L));
    }

    /** A screenshot of the window as it is on the (virtual) screen, into {@code app/target/screenshots/NAME.png}. */
    public static Path screenshot(java.awt.Window frame, String name) throws Exception {
        Rectangle r = onEdt(() -> new Rectangle(frame.getLocationOnScreen(), frame.getSize()));
        BufferedImage img = new java.awt.Robot().createScreenCapture(r);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
