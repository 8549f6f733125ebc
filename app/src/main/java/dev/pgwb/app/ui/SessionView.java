package dev.pgwb.app.ui;

import dev.pgwb.app.ui.analysis.AnalysisInspector;
import dev.pgwb.app.ui.analysis.MessageInspector;
import dev.pgwb.app.ui.sequence.SequenceView;
import dev.pgwb.app.ui.timeline.FilterBar;
import dev.pgwb.app.ui.timeline.TimelineModel;
import dev.pgwb.app.ui.timeline.TimelineTable;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.BorderLayout;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import java.util.Set;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;

/**
 * One session on the screen: the timeline (with its filter bar in the workbench), the selected
 * message's hex dump beside its field tree and inspectors (the Analysis tab), the sequence diagram
 * of one connection, and the selection kept in step between them — a row selected shows its bytes,
 * fields and analysis, and its arrow when the diagram is in view; an arrow clicked or an analysis
 * link followed selects its row. Both windows host one: the workbench for its live recording or an
 * opened file, each composer for its run's recording. The view shows a store; it never closes one.
 *
 * <p>The two arrangements differ only in where the parts sit: the workbench's (Wireshark's) puts
 * its side column beside the Timeline and Sequence tabs and the details below at full width; the
 * composer's puts the messages (timeline over details) and the sequence diagram in tabs.
 */
public final class SessionView extends JPanel {
    private final TimelineModel model = new TimelineModel();
    private final TimelineTable table = new TimelineTable(model);
    /** Null in the composer, which has no filter. */
    private final FilterBar filterBar;
    private final DetailsPane details = new DetailsPane();
    private SessionAnalysis sessionAnalysis;
    private final SequenceView sequence = new SequenceView();
    private final AnalysisInspector analysis = new AnalysisInspector(f -> {
        var ix = model.index();
        return ix == null || f >= ix.count() ? "" : ix.typeName(f);
    });
    private final JTabbedPane tabs = new JTabbedPane();
    private final JSplitPane detailsSplit;
    private final JSplitPane sideSplit;
    private final MessageInspector.Navigator navigator = new MessageInspector.Navigator() {
        @Override
        public void selectFrame(long frameIndex) {
            table.selectFrame((int) frameIndex);
        }

        @Override
        public void highlightFrames(Set<Long> frameIndexes) {
            table.setRelated(frameIndexes);
        }
    };

    // EDT-confined
    private SessionStore store;
    /** The connection picked outside the view (the workbench's connection list); 0: all. */
    private int pickedConnection;

    /**
     * The workbench's arrangement: {@code side} beside the Timeline (filter bar above the table) and
     * Sequence tabs, the details below. The filter's quick toggles are {@code actions}' ERRORS_ONLY
     * and HIDE_DATAROW.
     */
    public static SessionView forWorkbench(ActionRegistry actions, JComponent side) {
        return new SessionView(actions, side);
    }

    /** The composer's arrangement: a Messages tab (timeline over details) beside the Sequence tab. */
    public static SessionView forComposer() {
        return new SessionView(null, null);
    }

    private SessionView(ActionRegistry actions, JComponent side) {
        super(new BorderLayout());
        setName("sessionView");
        details.addInspector(analysis);
        if (side != null) {
            filterBar = new FilterBar(actions);
            JPanel timelinePanel = new JPanel(new BorderLayout());
            timelinePanel.add(filterBar, BorderLayout.NORTH);
            timelinePanel.add(table.inScrollPane(), BorderLayout.CENTER);
            tabs.setName("centerTabs");
            tabs.addTab(Texts.get("tab.timeline"), timelinePanel);
            tabs.addTab(Texts.get("tab.sequence"), sequence);
            sideSplit = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, side, tabs);
            sideSplit.setName("mainSplit");
            detailsSplit = new JSplitPane(JSplitPane.VERTICAL_SPLIT, sideSplit, details);
            detailsSplit.setName("detailSplit");
            detailsSplit.setResizeWeight(0.6);
            add(detailsSplit, BorderLayout.CENTER);
            filterBar.onChange(model::setFilter);
        } else {
            filterBar = null;
            sideSplit = null;
            detailsSplit = new JSplitPane(JSplitPane.VERTICAL_SPLIT, table.inScrollPane(), details);
            detailsSplit.setName("composerMessagesSplit");
            detailsSplit.setResizeWeight(0.5);
            tabs.setName("composerResults");
            tabs.addTab(Texts.get("composer.results.messages"), detailsSplit);
            tabs.addTab(Texts.get("tab.sequence"), sequence);
            add(tabs, BorderLayout.CENTER);
        }
        tabs.addChangeListener(e -> syncSequence());
        sequence.onFrameSelected(f -> table.selectFrame((int) f));
        table.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showSelection();
            }
        });
    }

    // ------------------------------------------------------------------ what is shown

    /**
     * Shows {@code s} (null: nothing) in every part; the selection, details and diagram start afresh.
     * The session gets one {@link SessionAnalysis}, which follows it as it grows: the timeline, the
     * diagram and the analysis tab all read it, so each frame is decoded and paired once.
     */
    public void show(SessionStore s) {
        SessionAnalysis old = sessionAnalysis;
        store = s;
        sessionAnalysis = s == null ? null : SessionAnalysis.follow(s, SessionAnalysis.Options.window(), null);
        pickedConnection = 0;
        table.clearSelection();
        details.show(null, null);
        model.show(s, sessionAnalysis);
        if (filterBar != null) {
            model.setFilter(filterBar.effective());
        }
        for (MessageInspector i : details.inspectors()) {
            tell(i);
        }
        sequence.close(); // built again for the new session when its tab is shown
        syncSequence();
        if (old != null) {
            old.close(); // after every part let go of it
        }
    }

    private void tell(MessageInspector i) {
        if (i == analysis) {
            analysis.sessionChanged(store, sessionAnalysis, navigator);
        } else {
            i.sessionChanged(store, navigator);
        }
    }

    /** The analysis of the session shown (null when none is). */
    public SessionAnalysis sessionAnalysis() {
        return sessionAnalysis;
    }

    public SessionStore store() {
        return store;
    }

    /**
     * A connection picked outside the view (0: all): the timeline narrows to it, and the diagram,
     * when shown, draws it.
     */
    public void pickConnection(int id) {
        pickedConnection = id;
        if (filterBar != null) {
            filterBar.setConnection(id);
        }
        if (id > 0 && sequenceShown()) {
            sequence.show(store, sessionAnalysis, id);
        }
    }

    /** Plugs an inspector in beside the field tree; it is told the selection from now on. */
    public void addInspector(MessageInspector inspector) {
        details.addInspector(inspector);
        tell(inspector);
    }

    /** The timeline's context menu; a right click outside the selection first selects the row under it, as file managers do. */
    public void setTimelineMenu(JPopupMenu menu) {
        table.setComponentPopupMenu(menu);
        table.addMouseListener(new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                int r = table.rowAtPoint(e.getPoint());
                if (SwingUtilities.isRightMouseButton(e) && r >= 0 && !table.isRowSelected(r)) {
                    table.setRowSelectionInterval(r, r);
                }
            }
        });
    }

    /** Stops following the session: the index, the diagram and the analysis let go of it. */
    public void close() {
        store = null;
        model.show(null);
        sequence.close();
        analysis.shutdown();
        if (sessionAnalysis != null) {
            sessionAnalysis.close();
            sessionAnalysis = null;
        }
    }

    // ------------------------------------------------------------------ selection and the diagram

    private void showSelection() {
        int f = table.selectedFrame();
        if (f < 0 || store == null) {
            details.show(null, null);
            return;
        }
        details.show(store.frame(f), model.decoded(f));
        syncSequence();
    }

    public boolean sequenceShown() {
        return tabs.getSelectedComponent() == sequence;
    }

    /** Brings the Sequence tab to the front with the keyboard focus in the diagram. */
    public void showSequence() {
        tabs.setSelectedComponent(sequence);
        sequence.diagram().requestFocusInWindow();
    }

    /**
     * Brings the sequence diagram up to date when it is shown: the session, the connection of the
     * selected message (else the one picked, else the one drawn, else the first), that message
     * marked. Nothing is read for it while its tab is hidden.
     */
    private void syncSequence() {
        if (!sequenceShown() || store == null) {
            return;
        }
        int f = table.selectedFrame();
        int conn;
        if (f >= 0) {
            conn = store.connectionIdOf(f);
        } else if (pickedConnection > 0) {
            conn = pickedConnection;
        } else if (sequence.model() != null && sequence.model().store() == store) {
            conn = sequence.model().connectionId();
        } else {
            List<ConnectionInfo> all = store.connections();
            conn = all.isEmpty() ? 0 : all.get(0).id(); // a live session's first connection is drawn when it opens
        }
        sequence.show(store, sessionAnalysis, conn);
        if (f >= 0) {
            sequence.selectFrame(f);
        }
    }

    // ------------------------------------------------------------------ the parts

    public TimelineTable timeline() {
        return table;
    }

    public TimelineModel timelineModel() {
        return model;
    }

    /** The filter bar above the timeline; null in the composer's arrangement. */
    public FilterBar filterBar() {
        return filterBar;
    }

    public DetailsPane details() {
        return details;
    }

    public AnalysisInspector analysis() {
        return analysis;
    }

    public SequenceView sequence() {
        return sequence;
    }

    /** The split with the details below: the workbench's "detailSplit", the composer's "composerMessagesSplit". */
    public JSplitPane detailsSplit() {
        return detailsSplit;
    }

    /** The workbench's split between its side column and the tabs ("mainSplit"); null in the composer. */
    public JSplitPane sideSplit() {
        return sideSplit;
    }
}
