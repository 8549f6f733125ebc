package dev.pgwb.app.ui.connections;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.app.ui.timeline.TimelineIndex;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.SessionStore;
import java.awt.Component;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JList;
import javax.swing.ListSelectionModel;

/**
 * The connections of the shown session, live and ended: who (user@database, application), TLS,
 * message and error counts. The first entry is "all connections"; selecting one narrows the timeline.
 */
public final class ConnectionList extends JList<ConnectionList.Entry> {

    /** One line of the list; {@code info == null} is "all connections". */
    public record Entry(ConnectionInfo info, dev.pgwb.protocol.analysis.FrameIndex.ConnectionStats stats) {
        public int id() {
            return info == null ? 0 : info.id();
        }
    }

    private final DefaultListModel<Entry> model = new DefaultListModel<>();
    private boolean quiet;
    private IntConsumer selected = id -> { };

    public ConnectionList() {
        setModel(model);
        setName("connectionList");
        setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        setCellRenderer(new Renderer());
        model.addElement(new Entry(null, null));
        setSelectedIndex(0);
        addListSelectionListener(e -> {
            if (!quiet && !e.getValueIsAdjusting()) {
                Entry v = getSelectedValue();
                selected.accept(v == null ? 0 : v.id());
            }
        });
    }

    /** Told the selected connection id (0: all). */
    public void onSelected(IntConsumer c) {
        selected = c;
    }

    /** Re-reads the store's connections and the index's counts, keeping the selection. */
    public void refresh(SessionStore store, TimelineIndex index) {
        int keep = getSelectedValue() == null ? 0 : getSelectedValue().id();
        List<ConnectionInfo> infos = store == null ? List.of() : store.connections();
        quiet = true;
        try {
            for (int i = 0; i < infos.size(); i++) {
                ConnectionInfo c = infos.get(i);
                Entry e = new Entry(c, index == null ? null : index.stats(c.id()));
                if (i + 1 < model.size()) {
                    if (!Objects.equals(model.get(i + 1), e)) {
                        model.set(i + 1, e);
                    }
                } else {
                    model.addElement(e);
                }
            }
            while (model.size() > infos.size() + 1) {
                model.remove(model.size() - 1);
            }
            setSelectedIndex(Math.min(keep, model.size() - 1));
        } finally {
            quiet = false;
        }
    }

    public void selectAll() {
        setSelectedIndex(0);
    }

    private static final class Renderer extends DefaultListCellRenderer {
        @Override
        public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean sel, boolean focus) {
            Entry e = (Entry) value;
            String text;
            if (e.info() == null) {
                text = "<html><b>" + Texts.get("connections.all") + "</b></html>";
            } else {
                ConnectionInfo c = e.info();
                String who = c.user().isEmpty() ? Texts.get("connections.unknownUser")
                        : esc(c.user()) + "@" + esc(c.database().isEmpty() ? c.user() : c.database());
                String app = c.applicationName().isEmpty() ? "" : " · " + esc(c.applicationName());
                String state = c.isOpen() ? "<font color='#2e9d48'>●</font> " + Texts.get("connections.open")
                        : "○ " + Texts.get("connections.closed");
                var s = e.stats();
                String counts = s == null ? "" : Texts.get("connections.counts", s.messages(), s.errors());
                String errors = s != null && s.errors() > 0 ? " <font color='#d32f2f'>⚠</font>" : "";
                String tls = tlsOf(c.note());
                text = "<html><b>#" + c.id() + "</b> " + who + app + "<br><small>" + state + " · " + counts + errors
                        + (tls.isEmpty() ? "" : " · " + esc(tls)) + "</small></html>";
            }
            super.getListCellRendererComponent(list, text, index, sel, focus);
            setToolTipText(e.info() == null ? null : esc(e.info().client() + " → " + e.info().upstream() + "  " + e.info().note()));
            return this;
        }

        /** The TLS fact from the relay's note (e.g. "tls: refused"), shortened for the list. */
        private static String tlsOf(String note) {
            for (String part : note.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(java.util.Locale.ROOT).contains("tls") || p.toLowerCase(java.util.Locale.ROOT).contains("ssl")) {
                    return p.length() > 40 ? p.substring(0, 40) + "…" : p;
                }
            }
            return "";
        }

        private static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
