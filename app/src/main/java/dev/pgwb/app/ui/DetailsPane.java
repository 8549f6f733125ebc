package dev.pgwb.app.ui;

import dev.pgwb.app.ui.analysis.MessageInspector;
import dev.pgwb.app.ui.fields.FieldTree;
import dev.pgwb.app.ui.hex.HexView;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.FieldNode;
import dev.pgwb.protocol.session.RecordedFrame;
import java.awt.BorderLayout;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.UIManager;

/**
 * Below the timeline: the selected frame's hex dump beside its field tree (and any analysis
 * inspectors' tabs). Selecting a field highlights its bytes; clicking a byte selects the deepest
 * field covering it. Problems (malformed, unknown, surprising) are listed above, never hidden.
 */
public final class DetailsPane extends JPanel {
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss.SSSSSS").withZone(java.time.ZoneId.systemDefault());
    private final HexView hex = new HexView();
    private final FieldTree fields = new FieldTree();
    private final JLabel header = new JLabel(" ");
    private final JLabel problems = new JLabel();
    private final JTabbedPane tabs = new JTabbedPane();
    private final JSplitPane split;
    private final List<MessageInspector> inspectors = new ArrayList<>();
    private RecordedFrame frame;
    private Decoded decoded;

    public DetailsPane() {
        super(new BorderLayout());
        setName("detailsPane");
        header.setName("detailsHeader");
        header.setBorder(javax.swing.BorderFactory.createEmptyBorder(4, 8, 4, 8));
        problems.setName("detailsProblems");
        problems.setBorder(javax.swing.BorderFactory.createEmptyBorder(0, 8, 4, 8));
        problems.setVisible(false);
        JPanel top = new JPanel(new BorderLayout());
        top.add(header, BorderLayout.NORTH);
        top.add(problems, BorderLayout.CENTER);
        add(top, BorderLayout.NORTH);
        tabs.setName("detailsTabs");
        tabs.addTab(Texts.get("details.fields"), new JScrollPane(fields));
        JScrollPane hexScroll = new JScrollPane(hex);
        hexScroll.setName("hexScroll");
        split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, hexScroll, tabs);
        split.setResizeWeight(0.5);
        split.setName("hexSplit");
        add(split, BorderLayout.CENTER);
        fields.onFieldSelected((off, len) -> hex.highlight(off, len));
        hex.onByteClicked(fields::selectDeepestAt);
    }

    public JSplitPane split() {
        return split;
    }

    public HexView hex() {
        return hex;
    }

    public FieldTree fields() {
        return fields;
    }

    /** Adds an analysis inspector's tab beside the field tree. */
    public void addInspector(MessageInspector inspector) {
        inspectors.add(inspector);
        tabs.addTab(inspector.title(), inspector.component());
    }

    public List<MessageInspector> inspectors() {
        return inspectors;
    }

    public void show(RecordedFrame f, Decoded d) {
        frame = f;
        decoded = d;
        if (f == null) {
            header.setText(" ");
            hex.show(null);
            fields.show(null);
            problems.setVisible(false);
        } else {
            header.setText(Texts.get("details.header", f.index() + 1, d.typeName(), f.connectionId(),
                    TIME.format(java.time.Instant.ofEpochSecond(0, f.frame().timeNanos())),
                    Texts.get(f.frame().direction() == dev.pgwb.protocol.wire.Direction.FRONTEND ? "dir.frontend" : "dir.backend"),
                    f.frame().length(), f.origin() == RecordedFrame.Origin.FORWARDED ? "" : " · " + Texts.get("origin." + f.origin().name().toLowerCase(java.util.Locale.ROOT))));
            hex.show(f.frame().bytes());
            fields.show(d);
            List<String> all = new ArrayList<>(d.problems());
            if (f.frame().problem() != null && !all.contains(f.frame().problem())) {
                all.add(0, f.frame().problem());
            }
            if (all.isEmpty()) {
                problems.setVisible(false);
            } else {
                StringBuilder b = new StringBuilder("<html>");
                for (String p : all) {
                    b.append("⚠ ").append(p.replace("&", "&amp;").replace("<", "&lt;")).append("<br>");
                }
                problems.setText(b.append("</html>").toString());
                problems.setForeground(UIManager.getColor("Component.warning.focusedBorderColor"));
                problems.setVisible(true);
            }
        }
        for (MessageInspector i : inspectors) {
            i.show(f == null ? -1 : f.index(), f == null ? 0 : f.connectionId(), d);
        }
    }

    public RecordedFrame frame() {
        return frame;
    }

    public Decoded decoded() {
        return decoded;
    }

    /** The bytes the copy actions take: the selected field's, else the whole frame's; null when nothing is shown. */
    public int[] copyRange() {
        if (frame == null) {
            return null;
        }
        FieldNode n = fields.selectedField();
        return n != null ? new int[] {n.offset(), n.length()} : new int[] {0, frame.frame().length()};
    }
}
