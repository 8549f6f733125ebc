package dev.pgwb.app.ui.sequence;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.Themes;
import dev.pgwb.app.ui.fields.FieldTree;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Font;
import java.awt.GraphicsConfiguration;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import javax.swing.AbstractAction;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JToggleButton;
import javax.swing.JToolBar;
import javax.swing.JViewport;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.filechooser.FileNameExtensionFilter;

/**
 * The sequence diagram of one connection with its controls: connection picker, zoom, presentation
 * mode, export. Shows any {@code (SessionStore, connectionId)}: an opened file, a live relay
 * session still growing, or a composer run's store.
 *
 * <p>Presentation mode (F5, Esc to leave) is for teaching: the view moves into a window covering
 * the screen, fonts double, one message is "current" (→ / Space / Page Down forward, ← / Page Up
 * back, as presenter clickers send), the messages after it are faded, and its decoded fields are
 * shown beside the diagram.
 */
public final class SequenceView extends JPanel {
    private final SequenceDiagram diagram = new SequenceDiagram();
    private final JScrollPane scroll = new JScrollPane(diagram);
    private final JComboBox<ConnectionInfo> connections = new JComboBox<>();
    private final JLabel status = new JLabel(" ");
    private final JToggleButton present = new JToggleButton();
    private final FieldTree fields = new FieldTree();
    private final JLabel fieldsHeader = new JLabel(" ");
    private final JPanel side = new JPanel(new BorderLayout());
    private final JSplitPane split;
    private final JPanel content = new JPanel(new BorderLayout());
    private final Timer refresher;
    private final AtomicBoolean changePending = new AtomicBoolean();
    private SessionStore store;
    private SequenceModel model;
    private LongConsumer frameSelected = f -> { };
    private long pendingFrame = -1;
    private boolean quietCombo;
    private JDialog presentationWindow;
    private Path lastExportDir;
    private double zoomBeforePresentation = 1;
    /** A live connection shows its newest messages until the user scrolls away or selects one. */
    private boolean followTail = true;

    public SequenceView() {
        super(new BorderLayout());
        setName("sequenceView");
        scroll.setName("sequenceScroll");
        scroll.setBorder(null);
        // the lane headers are painted at the top of the visible area: a blitting viewport would smear them
        scroll.getViewport().setScrollMode(JViewport.SIMPLE_SCROLL_MODE);
        scroll.getVerticalScrollBar().setUnitIncrement(24);

        connections.setName("sequenceConnection");
        connections.setPrototypeDisplayValue(new ConnectionInfo(999, "255.255.255.255:65535", "", 0, 0, "", "",
                "application_user", "application_db", ""));
        connections.setMaximumSize(connections.getPreferredSize());
        connections.setRenderer(new DefaultListCellRenderer() {
            @Override
            public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean sel, boolean focus) {
                super.getListCellRendererComponent(list, value, index, sel, focus);
                if (value instanceof ConnectionInfo c) {
                    setText(Texts.get("sequence.connectionItem", c.id(), c.client(),
                            c.user().isEmpty() ? "?" : c.user(), c.database().isEmpty() ? c.user() : c.database()));
                }
                return this;
            }
        });
        connections.addActionListener(e -> {
            if (!quietCombo && connections.getSelectedItem() instanceof ConnectionInfo c
                    && (model == null || model.connectionId() != c.id())) {
                showConnection(c.id());
            }
        });

        fields.setName("sequenceFields");
        fieldsHeader.setName("sequenceFieldsHeader");
        fieldsHeader.setBorder(javax.swing.BorderFactory.createEmptyBorder(6, 8, 6, 8));
        side.add(fieldsHeader, BorderLayout.NORTH);
        side.add(new JScrollPane(fields), BorderLayout.CENTER);
        side.setName("sequenceSide");
        split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, scroll, side);
        split.setResizeWeight(0.62);
        split.setName("sequenceSplit");
        side.setVisible(false);

        content.add(toolBar(), BorderLayout.NORTH);
        content.add(split, BorderLayout.CENTER);
        status.setName("sequenceStatus");
        status.setBorder(javax.swing.BorderFactory.createEmptyBorder(2, 8, 2, 8));
        content.add(status, BorderLayout.SOUTH);
        add(content, BorderLayout.CENTER);
        bindKeys();

        // the user scrolling (wheel, scroll bar) decides whether the tail is followed: at the bottom it is
        diagram.addMouseWheelListener(e -> SwingUtilities.invokeLater(() -> followTail = atBottom()));
        scroll.getVerticalScrollBar().getModel().addChangeListener(e -> {
            if (scroll.getVerticalScrollBar().getModel().getValueIsAdjusting()) {
                followTail = atBottom();
            }
        });
        diagram.onSelect(row -> {
            followTail = false;
            showFields();
            if (model != null && row >= 0) {
                frameSelected.accept(model.frameIndex(row));
            }
        });
        refresher = new Timer(1000, e -> refreshConnections());
        refresher.setRepeats(true);
    }

    private JToolBar toolBar() {
        JToolBar tb = new JToolBar();
        tb.setName("sequenceToolbar");
        tb.setFloatable(false);
        tb.add(new JLabel(Texts.get("sequence.connectionLabel") + " "));
        tb.add(connections);
        tb.addSeparator();
        tb.add(button("sequenceZoomOut", "sequence.zoomOut", e -> zoomBy(1 / 1.2)));
        tb.add(button("sequenceZoomIn", "sequence.zoomIn", e -> zoomBy(1.2)));
        tb.add(button("sequenceFitWidth", "sequence.fitWidth", e -> fitWidth()));
        tb.addSeparator();
        tb.add(button("sequencePrevious", "sequence.previous", e -> diagram.step(-1)));
        tb.add(button("sequenceNext", "sequence.next", e -> diagram.step(1)));
        present.setName("sequencePresent");
        present.setText(Texts.get("sequence.present"));
        present.setToolTipText(Texts.get("sequence.present.tip"));
        present.setFocusable(false);
        present.addActionListener(e -> setPresentation(present.isSelected()));
        tb.add(present);
        tb.addSeparator();
        JButton export = button("sequenceExport", "sequence.export", null);
        JPopupMenu menu = new JPopupMenu();
        for (SequenceExport.Range r : SequenceExport.Range.values()) {
            for (SequenceExport.Format f : SequenceExport.Format.values()) {
                String key = "sequence.export." + f.extension() + "." + r.name().toLowerCase(java.util.Locale.ROOT);
                JMenuItem item = new JMenuItem(Texts.get(key));
                item.setName(key);
                item.addActionListener(e -> chooseAndExport(f, r));
                menu.add(item);
            }
        }
        export.addActionListener(e -> menu.show(export, 0, export.getHeight()));
        tb.add(export);
        tb.add(javax.swing.Box.createHorizontalGlue());
        return tb;
    }

    private static JButton button(String name, String key, java.awt.event.ActionListener l) {
        JButton b = new JButton(Texts.get(key));
        b.setName(name);
        String tip = Texts.get(key + ".tip");
        if (!tip.equals(key + ".tip")) {
            b.setToolTipText(tip);
        }
        b.setFocusable(false);
        if (l != null) {
            b.addActionListener(l);
        }
        return b;
    }

    private void bindKeys() {
        int menu = Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx();
        bind("next", () -> diagram.step(1), KeyStroke.getKeyStroke(KeyEvent.VK_RIGHT, 0), KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0),
                KeyStroke.getKeyStroke(KeyEvent.VK_PAGE_DOWN, 0), KeyStroke.getKeyStroke(KeyEvent.VK_DOWN, 0));
        bind("previous", () -> diagram.step(-1), KeyStroke.getKeyStroke(KeyEvent.VK_LEFT, 0),
                KeyStroke.getKeyStroke(KeyEvent.VK_PAGE_UP, 0), KeyStroke.getKeyStroke(KeyEvent.VK_UP, 0),
                KeyStroke.getKeyStroke(KeyEvent.VK_BACK_SPACE, 0));
        bind("first", () -> diagram.selectLine(0, true), KeyStroke.getKeyStroke(KeyEvent.VK_HOME, 0));
        bind("last", () -> diagram.selectLine(diagram.model() == null ? -1 : diagram.model().lineCount() - 1, true),
                KeyStroke.getKeyStroke(KeyEvent.VK_END, 0));
        bind("toggleRun", () -> {
            int line = diagram.selectedLine();
            if (line >= 0 && diagram.model().isRun(line)) {
                diagram.toggleRun(line);
            }
        }, KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0));
        bind("present", () -> setPresentation(!diagram.presentation()), KeyStroke.getKeyStroke(KeyEvent.VK_F5, 0));
        bind("leave", () -> setPresentation(false), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0));
        bind("zoomIn", () -> zoomBy(1.2), KeyStroke.getKeyStroke(KeyEvent.VK_EQUALS, menu), KeyStroke.getKeyStroke(KeyEvent.VK_PLUS, menu),
                KeyStroke.getKeyStroke(KeyEvent.VK_ADD, menu), KeyStroke.getKeyStroke(KeyEvent.VK_EQUALS, menu | InputEvent.SHIFT_DOWN_MASK));
        bind("zoomOut", () -> zoomBy(1 / 1.2), KeyStroke.getKeyStroke(KeyEvent.VK_MINUS, menu), KeyStroke.getKeyStroke(KeyEvent.VK_SUBTRACT, menu));
        bind("fit", this::fitWidth, KeyStroke.getKeyStroke(KeyEvent.VK_0, menu));
    }

    private void bind(String name, Runnable r, KeyStroke... keys) {
        for (KeyStroke k : keys) {
            diagram.getInputMap(JComponent.WHEN_FOCUSED).put(k, name);
            content.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).put(k, name);
        }
        AbstractAction a = new AbstractAction(name) {
            @Override
            public void actionPerformed(ActionEvent e) {
                r.run();
            }
        };
        diagram.getActionMap().put(name, a);
        content.getActionMap().put(name, a);
    }

    // ------------------------------------------------------------------ what is shown

    /** Shows connection {@code connectionId} of {@code store} (null store: nothing), with an analysis of its own. */
    public void show(SessionStore store, int connectionId) {
        show(store, null, connectionId);
    }

    /** Shows connection {@code connectionId} of {@code store} through the session's analysis (null: one of its own). */
    public void show(SessionStore store, dev.pgwb.protocol.analysis.SessionAnalysis analysis, int connectionId) {
        this.analysis = analysis;
        if (this.store != store) {
            this.store = store;
            refreshConnections();
        }
        showConnection(connectionId);
        if (store != null && isDisplayable()) {
            refresher.start();
        }
    }

    private dev.pgwb.protocol.analysis.SessionAnalysis analysis;

    /** Shows another connection of the same session. */
    public void showConnection(int connectionId) {
        if (model != null && store != null && model.store() == store && model.connectionId() == connectionId) {
            return;
        }
        if (model != null) {
            model.close();
            model = null;
        }
        pendingFrame = -1;
        followTail = true;
        ConnectionInfo info = store == null ? null : info(connectionId);
        if (store != null && info != null) {
            model = analysis == null ? new SequenceModel(store, connectionId) : new SequenceModel(analysis, store, connectionId);
            SequenceModel m = model;
            m.setListener(() -> {
                if (changePending.compareAndSet(false, true)) {
                    SwingUtilities.invokeLater(() -> {
                        changePending.set(false);
                        if (m == model) {
                            modelChanged();
                        }
                    });
                }
            });
            diagram.setModel(m, info);
            m.start();
        } else {
            diagram.setModel(null, null);
        }
        quietCombo = true;
        try {
            connections.setSelectedItem(info);
        } finally {
            quietCombo = false;
        }
        showFields();
        updateStatus();
    }

    private ConnectionInfo info(int id) {
        for (ConnectionInfo c : store.connections()) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }

    private void refreshConnections() {
        List<ConnectionInfo> now = store == null ? List.of() : store.connections();
        boolean same = now.size() == connections.getItemCount();
        for (int i = 0; same && i < now.size(); i++) {
            same = now.get(i).equals(connections.getItemAt(i));
        }
        if (!same) {
            quietCombo = true;
            try {
                connections.setModel(new DefaultComboBoxModel<>(now.toArray(ConnectionInfo[]::new)));
                ConnectionInfo current = model == null ? null : info(model.connectionId());
                connections.setSelectedItem(current);
                if (current != null) {
                    diagram.setConnectionInfo(current);
                }
            } finally {
                quietCombo = false;
            }
        }
        if (model == null && !now.isEmpty()) {
            showConnection(now.get(0).id()); // a live session's first connection arrived
        }
        updateStatus();
    }

    private void modelChanged() {
        if (model == null) {
            return;
        }
        diagram.revalidate();
        diagram.repaint();
        if (pendingFrame >= 0) {
            int row = model.rowOfFrame(pendingFrame);
            if (row >= 0) {
                pendingFrame = -1;
                diagram.selectRow(row);
                showFields();
            }
        } else if (followTail && connectionOpen()) {
            // a live connection: follow its tail like the timeline does, until the user scrolls away
            SwingUtilities.invokeLater(() -> {
                scroll.validate(); // the new height first, else the scroll stops at the old end
                diagram.scrollRectToVisible(new Rectangle(0, Math.max(0, diagram.getHeight() - 1), 1, 1));
            });
        }
        updateStatus();
    }

    private boolean atBottom() {
        JViewport vp = scroll.getViewport();
        return vp.getViewPosition().y + vp.getExtentSize().height >= diagram.getHeight() - diagram.lineHeight();
    }

    private boolean connectionOpen() {
        ConnectionInfo c = model == null ? null : info(model.connectionId());
        return c != null && c.isOpen();
    }

    private void updateStatus() {
        if (model == null) {
            status.setText(" ");
            return;
        }
        String text = Texts.get("sequence.status", model.rowCount(), model.lineCount(), model.trips().size());
        if (!model.caughtUp()) {
            text += "  " + Texts.get("sequence.indexing");
        }
        status.setText(text + "  " + Math.round(diagram.zoom() * 100) + "%");
    }

    /** Told the session index of the frame the user selected in the diagram. */
    public void onFrameSelected(LongConsumer c) {
        frameSelected = c;
    }

    /**
     * Highlights session frame {@code frameIndex} (the timeline selected it), switching to its
     * connection when it belongs to another; a frame not indexed yet is selected once it is.
     */
    public void selectFrame(long frameIndex) {
        if (store == null || frameIndex < 0 || frameIndex >= store.frameCount()) {
            return;
        }
        int conn = store.connectionIdOf(frameIndex);
        if (model == null || model.connectionId() != conn) {
            showConnection(conn);
        }
        if (model == null) {
            return;
        }
        followTail = false;
        int row = model.rowOfFrame(frameIndex);
        if (row < 0) {
            pendingFrame = frameIndex;
            return;
        }
        if (row != diagram.selectedRow() || diagram.model().lineOfRow(row) != diagram.selectedLine()) {
            diagram.selectRow(row);
        }
        showFields();
    }

    private void showFields() {
        int row = diagram.selectedRow();
        if (model == null || row < 0) {
            fields.show(null);
            fieldsHeader.setText(" ");
            return;
        }
        Decoded d = model.decoded(row);
        fields.show(d);
        String summary = MessageSummary.of(d);
        fieldsHeader.setText("<html><b>" + escape(d.typeName()) + "</b> "
                + escape(Texts.get(model.isBackend(row) ? "sequence.fromServer" : "sequence.fromClient"))
                + (summary.isEmpty() ? "" : "<br>" + escape(summary.length() > 160 ? summary.substring(0, 160) + "…" : summary))
                + "</html>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }

    // ------------------------------------------------------------------ zoom

    private void zoomBy(double factor) {
        diagram.setZoom(diagram.zoom() * factor);
        updateStatus();
    }

    /** Zooms so the diagram's natural width fills the visible width. */
    public void fitWidth() {
        int w = scroll.getViewport().getExtentSize().width;
        if (w > 0) {
            diagram.setZoom(diagram.zoomToFit(w));
        }
        updateStatus();
    }

    // ------------------------------------------------------------------ presentation

    /**
     * Enters or leaves presentation mode: the view moves into a window covering the screen it is
     * on (and back), big fonts, current message stepping, its fields beside the diagram.
     */
    public void setPresentation(boolean on) {
        if (on == diagram.presentation()) {
            present.setSelected(on);
            return;
        }
        present.setSelected(on);
        if (on && diagram.selectedLine() < 0 && model != null && model.lineCount() > 0) {
            diagram.selectLine(0, true);
        }
        Font treeFont = javax.swing.UIManager.getFont("defaultFont");
        if (on) {
            Window owner = SwingUtilities.getWindowAncestor(this);
            remove(content);
            presentationWindow = new JDialog(owner, Texts.get("sequence.presentationTitle"), java.awt.Dialog.ModalityType.MODELESS);
            presentationWindow.setName("sequencePresentation");
            presentationWindow.setUndecorated(true);
            presentationWindow.getContentPane().add(content);
            GraphicsConfiguration gc = owner != null ? owner.getGraphicsConfiguration() : getGraphicsConfiguration();
            Rectangle screen = gc != null ? gc.getBounds() : new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
            presentationWindow.setBounds(screen);
            presentationWindow.setDefaultCloseOperation(JDialog.DO_NOTHING_ON_CLOSE);
            presentationWindow.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosing(java.awt.event.WindowEvent e) {
                    setPresentation(false);
                }
            });
            if (treeFont != null) {
                fields.setFont(treeFont.deriveFont(treeFont.getSize2D() * 1.6f));
                fieldsHeader.setFont(treeFont.deriveFont(treeFont.getSize2D() * 1.8f));
            }
            fields.setFocusable(false);
            side.setVisible(true);
            zoomBeforePresentation = diagram.zoom();
            diagram.setPresentation(true);
            presentationWindow.setVisible(true);
            split.setDividerLocation(0.68);
            presentationWindow.validate();
            // twice the size, but both lanes on the screen: a class cannot scroll sideways
            int w = scroll.getViewport().getExtentSize().width;
            if (w > 0 && diagram.getPreferredSize().width > w) {
                diagram.setZoom(Math.min(diagram.zoom(), diagram.zoomToFit(w)));
            }
            updateStatus();
        } else {
            diagram.setPresentation(false);
            diagram.setZoom(zoomBeforePresentation);
            updateStatus();
            side.setVisible(false);
            fields.setFocusable(true);
            if (treeFont != null) {
                fields.setFont(treeFont);
                fieldsHeader.setFont(treeFont);
            }
            if (presentationWindow != null) {
                presentationWindow.getContentPane().remove(content);
                presentationWindow.dispose();
                presentationWindow = null;
            }
            add(content, BorderLayout.CENTER);
            revalidate();
            repaint();
        }
        showFields();
        SwingUtilities.invokeLater(() -> {
            if (presentationWindow != null) {
                presentationWindow.toFront();
            }
            diagram.requestFocus(); // a new window: requestFocusInWindow alone would not activate it
        });
    }

    /** The presentation window while presenting, else null. */
    public JDialog presentationWindow() {
        return presentationWindow;
    }

    // ------------------------------------------------------------------ export

    private void chooseAndExport(SequenceExport.Format format, SequenceExport.Range range) {
        JFileChooser fc = new JFileChooser(lastExportDir == null ? null : lastExportDir.toFile());
        fc.setFileFilter(new FileNameExtensionFilter(format.name(), format.extension()));
        fc.setSelectedFile(new File("sequence-c" + (model == null ? 0 : model.connectionId()) + "." + format.extension()));
        // while presenting, the view's content is in the presentation window: the dialog goes on top of it
        if (fc.showSaveDialog(content) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path p = fc.getSelectedFile().toPath();
        if (!p.getFileName().toString().contains(".")) {
            p = p.resolveSibling(p.getFileName() + "." + format.extension());
        }
        lastExportDir = p.getParent();
        try {
            export(format, range, p);
            status.setText(Texts.get("sequence.exported", p));
        } catch (IOException | RuntimeException e) {
            JOptionPane.showMessageDialog(content, Texts.get("sequence.exportFailed", p, e.getMessage()),
                    Texts.get("error.title"), JOptionPane.ERROR_MESSAGE);
        }
    }

    /** Writes the visible diagram (or the selected round trip) to {@code file}; call on the EDT. */
    public void export(SequenceExport.Format format, SequenceExport.Range range, Path file) throws IOException {
        SequenceExport.write(diagram, SequenceExport.area(diagram, range), Themes.isDark(), format, file);
    }

    // ------------------------------------------------------------------ access

    public SequenceDiagram diagram() {
        return diagram;
    }

    public SequenceModel model() {
        return model;
    }

    public JScrollPane scrollPane() {
        return scroll;
    }

    public FieldTree fields() {
        return fields;
    }

    @Override
    public void addNotify() {
        super.addNotify();
        if (store != null) {
            refresher.start();
        }
    }

    @Override
    public void removeNotify() {
        if (presentationWindow == null) {
            refresher.stop();
        }
        super.removeNotify();
    }

    /** Stops following the session (the view can be shown again with {@link #show}). */
    public void close() {
        setPresentation(false);
        refresher.stop();
        if (model != null) {
            model.close();
            model = null;
        }
        store = null;
        diagram.setModel(null, null);
    }
}
