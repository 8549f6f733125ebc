package dev.pgwb.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JProgressBar;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one background task model: the work runs off the EDT and reports progress, its ending (done,
 * failed, cancelled with what the work produced anyway) runs on the EDT, and the status line shows
 * the task until it ends, then its outcome.
 */
@org.junit.jupiter.api.Timeout(value = 1, unit = TimeUnit.MINUTES)
class BackgroundTaskTest {
    private final Background background = new Background();

    /** What an ending said, and whether it ran on the EDT with the task already over. */
    private record Ending(String how, Object value, boolean onEdt, boolean ended) {
    }

    @AfterEach
    void shutdown() {
        background.shutdown();
    }

    private static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        Object[] out = new Object[1];
        Exception[] failure = new Exception[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                out[0] = c.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    private <T> RunningTask submit(BackgroundTask<T> task, BlockingQueue<Ending> endings) throws Exception {
        RunningTask[] running = new RunningTask[1];
        task.onDone(v -> endings.add(new Ending("done", v, SwingUtilities.isEventDispatchThread(), running[0].ended())))
                .onFailed(e -> endings.add(new Ending("failed", e, SwingUtilities.isEventDispatchThread(), running[0].ended())))
                .onCancelled(v -> endings.add(new Ending("cancelled", v, SwingUtilities.isEventDispatchThread(), running[0].ended())));
        return onEdt(() -> running[0] = background.submit(task));
    }

    @Test
    void theWorkRunsOffTheEdtAndItsValueComesBackOnTheEdt() throws Exception {
        BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
        AtomicLong workThreadWasEdt = new AtomicLong(-1);
        RunningTask task = submit(BackgroundTask.of("Counting", t -> {
            workThreadWasEdt.set(SwingUtilities.isEventDispatchThread() ? 1 : 0);
            t.setTotal(10);
            t.setDone(10);
            return 42;
        }), endings);
        Ending e = endings.poll(30, TimeUnit.SECONDS);
        assertThat(e).isEqualTo(new Ending("done", 42, true, true));
        assertThat(workThreadWasEdt.get()).isZero();
        assertThat(task.title()).isEqualTo("Counting");
        assertThat(task.done()).isEqualTo(10);
        assertThat(task.total()).isEqualTo(10);
    }

    @Test
    void aFailureIsTheFailedEnding() throws Exception {
        BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
        submit(BackgroundTask.<String>of("Failing", t -> {
            throw new java.io.IOException("disk full");
        }), endings);
        Ending e = endings.poll(30, TimeUnit.SECONDS);
        assertThat(e.how()).isEqualTo("failed");
        assertThat(((Throwable) e.value()).getMessage()).isEqualTo("disk full");
        assertThat(e.onEdt()).isTrue();
    }

    @Test
    void cancelledWorkEndsAsCancelledWithWhatItProducedAnyway() throws Exception {
        BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
        CountDownLatch started = new CountDownLatch(1);
        RunningTask task = submit(BackgroundTask.of("Opening", t -> {
            started.countDown();
            while (!t.isCancelled()) {
                Thread.onSpinWait();
            }
            return "a store to close";
        }), endings);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        onEdt(() -> {
            task.cancel();
            return null;
        });
        assertThat(endings.poll(30, TimeUnit.SECONDS)).isEqualTo(new Ending("cancelled", "a store to close", true, true));

        // work that gives up with checkCancelled has nothing to hand back
        CountDownLatch again = new CountDownLatch(1);
        RunningTask copy = submit(BackgroundTask.<String>of("Saving", t -> {
            again.countDown();
            while (true) {
                t.checkCancelled();
                Thread.onSpinWait();
            }
        }), endings);
        assertThat(again.await(30, TimeUnit.SECONDS)).isTrue();
        onEdt(() -> {
            copy.cancel();
            return null;
        });
        assertThat(endings.poll(30, TimeUnit.SECONDS)).isEqualTo(new Ending("cancelled", null, true, true));
    }

    private static <C extends Component> C named(java.awt.Container in, String name, Class<C> type) {
        for (Component c : in.getComponents()) {
            if (name.equals(c.getName())) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void theStatusLineShowsTheTaskUntilItEndsThenItsOutcome() throws Exception {
        StatusBar bar = onEdt(StatusBar::new);
        JLabel text = named(bar, "statusText", JLabel.class);
        JProgressBar progress = named(bar, "loadProgress", JProgressBar.class);
        JButton cancel = named(bar, "loadCancel", JButton.class);
        BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        RunningTask task = submit(BackgroundTask.of("Saving copy.pgwb", t -> {
            t.setDone(512);
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return "copy.pgwb";
        }).total(1024), endings);
        onEdt(() -> {
            bar.show(task);
            task.whenEnded(() -> bar.outcome("Saved to copy.pgwb", List.of("a note")));
            return null;
        });
        assertThat(onEdt(() -> bar.busy() && text.getText().equals("Saving copy.pgwb") && progress.isVisible() && cancel.isVisible()))
                .isTrue();
        assertThat(BackgroundTaskTest.<Integer>onEdt(progress::getMaximum)).isEqualTo(1024);
        onEdt(() -> {
            bar.idle("counts", List.of()); // ignored while a task is shown
            return null;
        });
        assertThat(BackgroundTaskTest.<String>onEdt(text::getText)).isEqualTo("Saving copy.pgwb");

        release.countDown();
        assertThat(endings.poll(30, TimeUnit.SECONDS).how()).isEqualTo("done");
        assertThat(onEdt(() -> !bar.busy() && !progress.isVisible() && !cancel.isVisible())).isTrue();
        assertThat(BackgroundTaskTest.<String>onEdt(text::getText)).isEqualTo("Saved to copy.pgwb");
        assertThat(BackgroundTaskTest.<String>onEdt(text::getToolTipText)).contains("a note");
        onEdt(() -> {
            bar.idle("3 messages", List.of());
            return null;
        });
        assertThat(BackgroundTaskTest.<String>onEdt(text::getText)).as("the outcome stays a few seconds").isEqualTo("Saved to copy.pgwb");
    }

    @Test
    void followedWorkEndsWhenItCatchesUpAndCancelRunsItsHook() throws Exception {
        StatusBar bar = onEdt(StatusBar::new);
        AtomicLong indexed = new AtomicLong();
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunningTask loading = onEdt(() -> {
            bar.onIdle(() -> told.add("idle"));
            return bar.follow("Loading", 100, indexed::get, () -> told.add("cancelled"));
        });
        assertThat(BackgroundTaskTest.<Boolean>onEdt(bar::busy)).isTrue();
        indexed.set(100);
        CountDownLatch ended = new CountDownLatch(1);
        onEdt(() -> {
            loading.whenEnded(ended::countDown);
            return null;
        });
        assertThat(ended.await(30, TimeUnit.SECONDS)).as("the status line's refresh sees the index caught up").isTrue();
        assertThat(BackgroundTaskTest.<Boolean>onEdt(bar::busy)).isFalse();
        assertThat(told).containsExactly("idle");

        RunningTask again = onEdt(() -> bar.follow("Loading", 100, () -> 0, () -> told.add("cancelled")));
        onEdt(() -> {
            named(bar, "loadCancel", JButton.class).doClick();
            return null;
        });
        assertThat(BackgroundTaskTest.<Boolean>onEdt(again::ended)).isTrue();
        assertThat(BackgroundTaskTest.<Boolean>onEdt(bar::busy)).isFalse();
        assertThat(told).containsExactly("idle", "cancelled", "idle");
    }
}
