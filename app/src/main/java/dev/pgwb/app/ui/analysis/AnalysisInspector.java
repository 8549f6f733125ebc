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
 * <p>It reads the session's one {@link SessionAnalysis}, which follows the session as it grows: there
 * is no second analysis. The view is built on a worker of its own with the analysis held still
 * ({@link SessionAnalysis#read}), then handed to the EDT; while a live session grows, the selected
 * message's view is built again at most every {@link #MIN_INTERVAL_MILLIS}.
 */
public final class AnalysisInspector implements MessageInspector {
    static final int MIN_INTERVAL_MILLIS = 500;

    private final JEditorPane view = new JEditorPane();
    private final JScrollPane scroll;
    private final JPanel panel = new JPanel(new BorderLayout());
    private final IntFunction<String> typeOfFrame;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pgwb-analysis-view");
        t.setDaemon(true);
        return t;
    });
    private final SessionAnalysis.Listener onAnalysed = frames -> SwingUtilities.invokeLater(this::grown);
    private final Timer again;

    // EDT-confined
    private SessionStore store;
    private Navigator navigator;
    private SessionAnalysis analysis;
    private boolean ownsAnalysis;
    private int generation;
    private long frameIndex = -1;
    private int connectionId;
    private Decoded decoded;
    private boolean building;
    private boolean buildAgain;
    private String shownHtml = "";
    private long shownFrame = -2;
    private long shownCovered = -1;
    private java.util.Set<Long> highlighted = java.util.Set.of();

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
        again = new Timer(MIN_INTERVAL_MILLIS, e -> build());
        again.setRepeats(false);
        showHtml(AnalysisHtml.message(Texts.get("analysis.none")), java.util.Set.of(), -1);
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
        useAnalysis(newStore, newStore == null ? null : SessionAnalysis.follow(newStore, SessionAnalysis.Options.window(), null), true,
                newNavigator);
    }

    /** Shows the session through its window's analysis (shared with the timeline and the sequence diagram). */
    public void sessionChanged(SessionStore newStore, SessionAnalysis shared, Navigator newNavigator) {
        useAnalysis(newStore, shared, false, newNavigator);
    }

    private void useAnalysis(SessionStore newStore, SessionAnalysis a, boolean owns, Navigator newNavigator) {
        if (analysis != null) {
            analysis.removeListener(onAnalysed);
            if (ownsAnalysis) {
                SessionAnalysis old = analysis;
                worker.execute(old::close);
            }
        }
        store = newStore;
        navigator = newNavigator;
        analysis = a;
        ownsAnalysis = owns;
        generation++;
        frameIndex = -1;
        decoded = null;
        if (analysis != null) {
            analysis.addListener(onAnalysed);
        }
        build();
    }

    @Override
    public void show(long index, int connection, Decoded d) {
        frameIndex = d == null ? -1 : index;
        connectionId = connection;
        decoded = d;
        again.stop();
        build();
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

    /** True while a selected message waits for the analysis to reach it. */
    public boolean analysing() {
        return frameIndex >= 0 && (analysis == null || frameIndex >= analysis.analysedFrames());
    }

    /** True while the view is being built in the background. */
    public boolean busy() {
        return building;
    }

    public void shutdown() {
        again.stop();
        if (analysis != null && ownsAnalysis) {
            analysis.close();
        }
        worker.shutdownNow();
    }

    /** The analysis went further: the selected message's view is built again, at most every MIN_INTERVAL_MILLIS. */
    private void grown() {
        if (frameIndex >= 0 && !again.isRunning()) {
            again.restart();
        }
    }

    /** Builds the view of the selected message on the worker (one build at a time; the latest selection wins). */
    private void build() {
        if (building) {
            buildAgain = true;
            return;
        }
        SessionStore s = store;
        SessionAnalysis a = analysis;
        long index = frameIndex;
        int conn = connectionId;
        if (s == null || a == null || index < 0 || decoded == null) {
            showHtml(AnalysisHtml.message(Texts.get("analysis.none")), java.util.Set.of(), index);
            return;
        }
        building = true;
        buildAgain = false;
        int gen = generation;
        worker.execute(() -> {
            String html;
            java.util.Set<Long> related;
            long covered;
            try {
                long seq = s.frame(index).frame().seq();
                Object[] out = a.read(x -> {
                    if (index >= x.analysedFrames()) {
                        return new Object[] {AnalysisHtml.message(Texts.get("analysis.running")), java.util.Set.<Long>of(), x.analysedFrames()};
                    }
                    return new Object[] {new AnalysisHtml(x, typeOfFrame).render(conn, seq), relatedFrames(x, conn, seq, index),
                        x.analysedFrames()};
                });
                html = (String) out[0];
                @SuppressWarnings("unchecked")
                java.util.Set<Long> r = (java.util.Set<Long>) out[1];
                related = r;
                covered = (Long) out[2];
            } catch (RuntimeException | Error e) {
                html = AnalysisHtml.message(Texts.get("analysis.failed", String.valueOf(e))); // said, not swallowed
                related = java.util.Set.of();
                covered = -1;
            }
            String h = html;
            java.util.Set<Long> rel = related;
            long cov = covered;
            SwingUtilities.invokeLater(() -> {
                building = false;
                if (gen == generation && index == frameIndex) {
                    shownCovered = cov;
                    showHtml(h, rel, index);
                }
                if (buildAgain || gen != generation || index != frameIndex) {
                    build();
                }
            });
        });
    }

    /** The selected message's request and replies, as session frame indexes: the timeline marks them. */
    private static java.util.Set<Long> relatedFrames(SessionAnalysis a, int conn, long seq, long self) {
        dev.pgwb.protocol.analysis.FrameAnalysis fa = a.frame(conn, seq);
        java.util.Set<Long> out = new java.util.HashSet<>();
        if (fa.replyTo() >= 0) {
            out.add(a.index(conn, fa.replyTo()));
            for (long r : a.frame(conn, fa.replyTo()).replies()) {
                out.add(a.index(conn, r));
            }
        }
        for (long r : fa.replies()) {
            out.add(a.index(conn, r));
        }
        out.remove(self);
        out.removeIf(i -> i < 0);
        return java.util.Set.copyOf(out);
    }

    /** The frames marked as related to the selection (for tests). */
    public java.util.Set<Long> highlighted() {
        return highlighted;
    }

    private void showHtml(String html, java.util.Set<Long> related, long index) {
        if (navigator != null && !related.equals(highlighted)) {
            highlighted = related;
            navigator.highlightFrames(related);
        }
        if (!html.equals(shownHtml)) {
            int y = scroll.getVerticalScrollBar().getValue();
            boolean sameFrame = shownFrame == index;
            shownHtml = html;
            shownFrame = index;
            view.setText(html);
            if (sameFrame) {
                SwingUtilities.invokeLater(() -> scroll.getVerticalScrollBar().setValue(y)); // a live refresh keeps the reader's place
            } else {
                view.setCaretPosition(0);
            }
        }
    }
}
