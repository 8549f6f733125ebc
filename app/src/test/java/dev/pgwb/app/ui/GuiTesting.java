package dev.pgwb.app.ui;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.timing.Condition;
import org.assertj.swing.timing.Pause;
import org.assertj.swing.timing.Timeout;

/** Small helpers for the window tests: wait on a condition read on the EDT, query the EDT, take a screenshot. */
final class GuiTesting {
    private GuiTesting() {
    }

    static <T> T onEdt(Callable<T> c) {
        return GuiActionRunner.execute(c);
    }

    static void onEdt(Runnable r) {
        GuiActionRunner.execute(r::run);
    }

    /** Waits (up to {@code seconds}) until {@code condition}, evaluated on the EDT, holds. */
    static void waitFor(String description, int seconds, BooleanSupplier condition) {
        Pause.pause(new Condition(description) {
            @Override
            public boolean test() {
                return GuiActionRunner.execute(condition::getAsBoolean);
            }
        }, Timeout.timeout(seconds * 1000L));
    }

    /** A screenshot of the window as it is on the (virtual) screen, into {@code app/target/screenshots/NAME.png}. */
    static Path screenshot(JFrame frame, String name) throws Exception {
        Rectangle r = onEdt(() -> new Rectangle(frame.getLocationOnScreen(), frame.getSize()));
        BufferedImage img = new java.awt.Robot().createScreenCapture(r);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
