package dev.pgwb.app.ui.analysis;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.BorderLayout;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import javax.swing.JComponent;
import javax.swing.JEditorPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.event.HyperlinkEvent;

/**
 * The analysis tab beside the field tree: for the selected message its diagnosis (with links to the
 * frames it names), its request/reply pairing, the statements and portals alive on its connection at
 * that moment, and the connection's summary.
 *
 * <p>The whole session is analysed on a background thread; while a live session grows it is analysed
 * again, at most every {@link #MIN_INTERVAL_MILLIS} (or four times as long as the last run took, when
 * that is longer), so a busy relay does not keep a core replaying its recording.
 */
public final class AnalysisInspector implements MessageInspector {
    static final int MIN_INTERVAL_MILLIS = 2000;

    private final JEditorPane view = new JEditorPane();
    private final JScrollPane scroll;
    private final JPanel panel = new JPanel(new BorderLayout());
    private final IntFunction<String> typeOfFrame;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pgwb-analysis");
        t.setDaemon(true);
        return t;
    });
    private final Timer poll;

    // EDT-confined
    private SessionStore store;
    private Navigator navigator;
    private SessionAnalysis analysis;
    private long analysedFrames;
    private volatile boolean running;
    private long nextAllowedMillis;
    private int generation;
    private long frameIndex = -1;
    private int connectionId;
    private Decoded decoded;
    private String failure;
    private volatile String shownHtml = "";
    private long shownFrame = -2;

    /** @param typeOfFrame the type name of a session frame (for link labels), "" when not known yet */
    public AnalysisInspector(IntFunction<String> typeOfFrame) {
        this.typeOfFrame = typeOfFrame;
        view.setName("analysisView");
        view.setContentType("text/html");
        view.setEditable(false);
        view.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
        view.addHyperlinkListener(e -> {
            if (e.getEventType() == HyperlinkEvent.EventType.ACTIVATED && e.getDescription() != null
                    && e.getDescription().startsWith(AnalysisHtml.FRAME_LINK)) {
                follow(Long.parseLong(e.getDescription().substring(AnalysisHtml.FRAME_LINK.length())));
            }
        });
        scroll = new JScrollPane(view);
        scroll.setBorder(null);
        panel.add(scroll, BorderLayout.CENTER);
        poll = new Timer(500, e -> maybeAnalyse());
        render();
    }

    @Override
    public String title() {
        return Texts.get("analysis.title");
    }

    @Override
    public JComponent component() {
        return panel;
    }

    @Override
    public void sessionChanged(SessionStore newStore, Navigator newNavigator) {
        store = newStore;
        navigator = newNavigator;
        analysis = null;
        analysedFrames = 0;
        failure = null;
        nextAllowedMillis = 0;
        generation++;
        frameIndex = -1;
        decoded = null;
        if (store == null) {
            poll.stop();
        } else {
            poll.start();
            maybeAnalyse();
        }
        render();
    }

    private java.util.Set<Long> highlighted = java.util.Set.of();

    @Override
    public void show(long index, int connection, Decoded d) {
        frameIndex = d == null ? -1 : index;
        connectionId = connection;
        decoded = d;
        maybeAnalyse();
        render();
    }

    /** Selects a frame the view links to (what a click on a link does). */
    public void follow(long index) {
        if (navigator != null && index >= 0) {
            navigator.selectFrame(index);
        }
    }

    /** The view's text (HTML as built), for tests. */
    public String html() {
        return shownHtml;
    }

    /** True while a selected message waits for an analysis that covers it. */
    public boolean analysing() {
        return frameIndex >= 0 && (analysis == null || frameIndex >= analysedFrames);
    }

    /** True while an analysis runs in the background. */
    public boolean busy() {
        return running;
    }

    public void shutdown() {
        poll.stop();
        worker.shutdownNow();
    }

    /** Starts an analysis when the store has grown since the last one and the rate limit allows. */
    private void maybeAnalyse() {
        if (store == null || running) {
            return;
        }
        long frames = store.frameCount();
        if (frames <= analysedFrames && analysis != null) {
            return;
        }
        if (analysis != null && System.currentTimeMillis() < nextAllowedMillis) {
            return; // a growing live session waits its turn (the poll comes back)
        }
        running = true;
        int gen = generation;
        SessionStore s = store;
        worker.submit(() -> {
            long started = System.currentTimeMillis();
            SessionAnalysis a;
            long covered;
            try {
                covered = s.frameCount();
                a = SessionAnalysis.of(s);
            } catch (RuntimeException | Error e) {
                SwingUtilities.invokeLater(() -> {
                    running = false;
                    nextAllowedMillis = System.currentTimeMillis() + MIN_INTERVAL_MILLIS;
                    if (gen == generation) {
                        failure = String.valueOf(e); // said, not swallowed: "analysing…" forever would be a lie
                        render();
                    }
                });
                return;
            }
            long took = System.currentTimeMillis() - started;
            SwingUtilities.invokeLater(() -> {
                running = false;
                nextAllowedMillis = System.currentTimeMillis() + Math.max(MIN_INTERVAL_MILLIS, 4 * took);
                if (gen != generation) {
                    maybeAnalyse(); // another session arrived meanwhile
                    return;
                }
                analysis = a;
                analysedFrames = covered;
                failure = null;
                render();
            });
        });
        render();
    }

    /** The selected message's request and replies, as session frame indexes: the timeline marks them. */
    private java.util.Set<Long> relatedFrames(int conn, long seq) {
        dev.pgwb.protocol.analysis.FrameAnalysis fa = analysis.frame(conn, seq);
        java.util.Set<Long> out = new java.util.HashSet<>();
        if (fa.replyTo() >= 0) {
            out.add(analysis.index(conn, fa.replyTo()));
            for (long r : analysis.frame(conn, fa.replyTo()).replies()) {
                out.add(analysis.index(conn, r));
            }
        }
        for (long r : fa.replies()) {
            out.add(analysis.index(conn, r));
        }
        out.remove(frameIndex);
        out.removeIf(i -> i < 0);
        return java.util.Set.copyOf(out);
    }

    /** The frames marked as related to the selection (for tests). */
    public java.util.Set<Long> highlighted() {
        return highlighted;
    }

    private void render() {
        java.util.Set<Long> related = java.util.Set.of();
        String html;
        if (store == null || frameIndex < 0 || decoded == null) {
            html = AnalysisHtml.message(Texts.get("analysis.none"));
        } else if (failure != null && analysing()) {
            html = AnalysisHtml.message(Texts.get("analysis.failed", failure));
        } else if (analysing()) {
            html = AnalysisHtml.message(Texts.get("analysis.running"));
        } else {
            long seq = store.frame(frameIndex).frame().seq();
            html = new AnalysisHtml(analysis, typeOfFrame).render(connectionId, seq);
            related = relatedFrames(connectionId, seq);
        }
        if (store == null || frameIndex < 0 || decoded == null || analysing()) {
            related = java.util.Set.of();
        }
        if (navigator != null && !related.equals(highlighted)) {
            highlighted = related;
            navigator.highlightFrames(related);
        }
        if (!html.equals(shownHtml)) {
            int y = scroll.getVerticalScrollBar().getValue();
            boolean sameFrame = shownFrame == frameIndex;
            shownHtml = html;
            shownFrame = frameIndex;
            view.setText(html);
            if (sameFrame) {
                SwingUtilities.invokeLater(() -> scroll.getVerticalScrollBar().setValue(y)); // a live refresh keeps the reader's place
            } else {
                view.setCaretPosition(0);
            }
        }
    }
}
