package dev.pgwb.app.ui.fields;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.FieldNode;
import java.util.function.BiConsumer;
import javax.swing.JTree;
import javax.swing.tree.DefaultMutableTreeNode;
import javax.swing.tree.DefaultTreeModel;
import javax.swing.tree.TreePath;

/** The decoded fields of one message, as Wireshark's packet details tree: each node knows its bytes. */
public final class FieldTree extends JTree {
    private boolean quiet;
    private BiConsumer<Integer, Integer> fieldSelected = (o, l) -> { };

    /** A tree node's label: name, value, and where its bytes are. */
    private record Item(FieldNode node) {
        @Override
        public String toString() {
            String v = node.value() == null || node.value().isEmpty() ? "" : ": " + node.value();
            if (v.length() > 300) {
                v = v.substring(0, 300) + "…";
            }
            String where = node.length() == 1 ? Texts.get("fields.byte", node.offset())
                    : Texts.get("fields.bytes", node.offset(), node.end() - 1);
            return node.name() + v + "   " + where;
        }
    }

    public FieldTree() {
        super(new DefaultTreeModel(new DefaultMutableTreeNode()));
        setName("fieldTree");
        setRootVisible(false);
        setShowsRootHandles(true);
        addTreeSelectionListener(e -> {
            if (quiet) {
                return;
            }
            FieldNode n = selectedField();
            if (n != null) {
                fieldSelected.accept(n.offset(), n.length());
            } else {
                fieldSelected.accept(-1, 0);
            }
        });
    }

    /** Told (offset, length) when the user selects a field; (-1, 0) when the selection is cleared. */
    public void onFieldSelected(BiConsumer<Integer, Integer> c) {
        fieldSelected = c;
    }

    public void show(Decoded decoded) {
        DefaultMutableTreeNode root = new DefaultMutableTreeNode(decoded == null ? "" : decoded.typeName());
        if (decoded != null) {
            for (FieldNode f : decoded.fields()) {
                root.add(node(f));
            }
        }
        quiet = true;
        try {
            setModel(new DefaultTreeModel(root));
            for (int i = 0; i < getRowCount() && i < 200; i++) {
                expandRow(i);
            }
        } finally {
            quiet = false;
        }
    }

    private static DefaultMutableTreeNode node(FieldNode f) {
        DefaultMutableTreeNode n = new DefaultMutableTreeNode(new Item(f));
        for (FieldNode c : f.children()) {
            n.add(node(c));
        }
        return n;
    }

    public FieldNode selectedField() {
        TreePath p = getSelectionPath();
        if (p == null || !(((DefaultMutableTreeNode) p.getLastPathComponent()).getUserObject() instanceof Item item)) {
            return null;
        }
        return item.node();
    }

    /** Selects the deepest field covering byte {@code offset} (and so highlights its bytes). */
    public void selectDeepestAt(int offset) {
        DefaultMutableTreeNode at = (DefaultMutableTreeNode) getModel().getRoot();
        DefaultMutableTreeNode best = null;
        boolean descended = true;
        while (descended) {
            descended = false;
            for (int i = 0; i < at.getChildCount(); i++) {
                DefaultMutableTreeNode c = (DefaultMutableTreeNode) at.getChildAt(i);
                FieldNode f = ((Item) c.getUserObject()).node();
                if (offset >= f.offset() && offset < f.end()) {
                    best = c;
                    at = c;
                    descended = true;
                    break;
                }
            }
        }
        if (best != null) {
            TreePath path = new TreePath(best.getPath());
            setSelectionPath(path);
            scrollPathToVisible(path);
        }
    }

    /** Selects the first field whose name is {@code name} (tests, keyboard users). */
    public boolean selectField(String name) {
        DefaultMutableTreeNode root = (DefaultMutableTreeNode) getModel().getRoot();
        var e = root.depthFirstEnumeration();
        DefaultMutableTreeNode found = null;
        while (e.hasMoreElements()) {
            DefaultMutableTreeNode n = (DefaultMutableTreeNode) e.nextElement();
            if (n.getUserObject() instanceof Item item && item.node().name().equals(name)) {
                found = n;
            }
        }
        if (found == null) {
            return false;
        }
        TreePath path = new TreePath(found.getPath());
        setSelectionPath(path);
        scrollPathToVisible(path);
        return true;
    }
}
