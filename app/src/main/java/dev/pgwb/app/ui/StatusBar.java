package dev.pgwb.app.ui;

import java.util.List;
import java.util.function.LongSupplier;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.Timer;
import net.miginfocom.swing.MigLayout;

/**
 * The workbench's status line: what the shown session holds, or the long task under way — its
 * title, a progress bar and Cancel — and then how it ended, kept a few seconds before the counts
 * come back. One task is shown at a time; EDT only.
 */
public final class StatusBar extends JPanel {
    private static final long OUTCOME_NANOS = 8_000_000_000L;
    private final JLabel text = new JLabel(" ");
    private final JProgressBar progress = new JProgressBar();
    private final JButton cancel = new JButton(Texts.get("status.cancel"));
    /** The progress bar follows the task's counters at this pace, however often the work reports. */
    private final Timer poll = new Timer(100, e -> refresh());
    private RunningTask current;
    private LongSupplier followed;
    private String outcome;
    private long outcomeAt;
    private Runnable idle = () -> { };

    public StatusBar() {
        super(new MigLayout("insets 2 8 2 8, fillx", "[grow,fill][200!][]", "[]"));
        text.setName("statusText");
        progress.setName("loadProgress");
        cancel.setName("loadCancel");
        cancel.addActionListener(e -> {
            if (current != null) {
                current.cancel();
            }
        });
        add(text, "wmin 0");
        add(progress);
        add(cancel);
        showProgress(false);
    }

    /** Shows {@code task} until it ends; then what its ending said ({@link #outcome}), else the counts at the next {@link #idle}. */
    public void show(RunningTask task) {
        if (task.ended()) {
            return;
        }
        current = task;
        followed = null;
        outcome = null;
        text.setText(task.title());
        refresh();
        showProgress(true);
        poll.start();
        task.whenEnded(() -> {
            if (current == task) {
                current = null;
                followed = null;
                poll.stop();
                showProgress(false);
                if (outcome == null) {
                    idle.run();
                }
            }
        });
    }

    /** Told when a task ended without an outcome to show: the window puts its counts back at once. */
    public void onIdle(Runnable r) {
        idle = r;
    }

    /**
     * Shows work that runs elsewhere: {@code done} is read on the EDT at each refresh, and the task
     * ends once it reaches {@code total}; Cancel runs {@code cancel}.
     */
    public RunningTask follow(String title, long total, LongSupplier done, Runnable cancel) {
        RunningTask task = RunningTask.following(title, total, cancel);
        show(task);
        followed = done;
        refresh();
        return task;
    }

    private void refresh() {
        RunningTask t = current;
        if (t == null) {
            return;
        }
        if (followed != null) {
            long n = followed.getAsLong();
            t.setDone(n);
            if (n >= t.total()) {
                t.end();
                return;
            }
        }
        long total = t.total();
        progress.setIndeterminate(total < 0);
        progress.setMaximum((int) Math.max(1, Math.min(Integer.MAX_VALUE, total)));
        progress.setValue((int) Math.min(Integer.MAX_VALUE, t.done()));
    }

    private void showProgress(boolean on) {
        progress.setVisible(on);
        cancel.setVisible(on);
    }

    /** True while a task is shown. */
    public boolean busy() {
        return current != null;
    }

    /** How the last task ended ("Saved to …"), with notes as the tooltip (none: null); kept a few seconds. */
    public void outcome(String message, List<String> notes) {
        text.setText(message);
        text.setToolTipText(notes == null || notes.isEmpty() ? null : notesHtml(notes));
        outcome = message;
        outcomeAt = System.nanoTime();
    }

    /** A passing message (what was copied, an error). */
    public void say(String message) {
        text.setText(message);
    }

    /** What the shown session holds, with its notes as the tooltip: not while a task or a fresh outcome is shown. */
    public void idle(String message, List<String> notes) {
        if (current != null) {
            return;
        }
        if (outcome != null && System.nanoTime() - outcomeAt < OUTCOME_NANOS) {
            return; // "Saved to ...", "Exported ...": left to be read before the counts come back
        }
        outcome = null;
        text.setToolTipText(notes.isEmpty() ? null : notesHtml(notes));
        text.setText(message);
    }

    private static String notesHtml(List<String> notes) {
        return "<html>" + String.join("<br>", notes.stream().map(n -> n.replace("&", "&amp;").replace("<", "&lt;")).toList()) + "</html>";
    }
}
