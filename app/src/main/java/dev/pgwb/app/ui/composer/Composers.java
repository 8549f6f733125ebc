package dev.pgwb.app.ui.composer;

import dev.pgwb.app.ui.Background;
import dev.pgwb.app.ui.Settings;
import dev.pgwb.protocol.client.ScenarioLibrary;
import dev.pgwb.protocol.client.ScriptWriter;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.relay.Relay;
import java.awt.Frame;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The workbench's composers: opens them (several at once, each numbered), knows the one used last
 * (where "Send to Composer" goes), and closes them all when the workbench exits.
 */
public final class Composers {
    /** What the composers need from the workbench window. */
    public interface Host {
        Background background();

        Settings settings();

        void settingsChanged();

        /** The workbench window (composers open beside it). */
        Frame frame();
    }

    private final Host host;
    private final Supplier<List<Relay>> relays;
    private final List<ComposerWindow> open = new ArrayList<>();
    private ScenarioLibrary library;
    private ComposerWindow lastActive;
    private int opened;

    public Composers(Host host, Supplier<List<Relay>> relays) {
        this.host = host;
        this.relays = relays;
    }

    /** Opens a new, empty composer beside the workbench. */
    public ComposerWindow openNew() {
        if (library == null) {
            library = ScenarioLibrary.fromClasspath();
        }
        ComposerWindow w = new ComposerWindow(new ComposerWindow.Host() {
            @Override
            public Background background() {
                return host.background();
            }

            @Override
            public Settings settings() {
                return host.settings();
            }

            @Override
            public void settingsChanged() {
                host.settingsChanged();
            }

            @Override
            public List<Relay> relays() {
                return relays.get();
            }

            @Override
            public void newComposer() {
                openNew();
            }

            @Override
            public void closed(ComposerWindow c) {
                open.remove(c);
                if (lastActive == c) {
                    lastActive = open.isEmpty() ? null : open.get(open.size() - 1);
                }
            }
        }, ++opened, library.all());
        w.addWindowListener(new WindowAdapter() {
            @Override
            public void windowActivated(WindowEvent e) {
                lastActive = w;
            }
        });
        open.add(w);
        lastActive = w;
        Frame f = host.frame();
        if (f != null && f.isShowing()) {
            int shift = 28 * ((opened - 1) % 6);
            w.setLocation(f.getX() + 40 + shift, f.getY() + 40 + shift);
            w.setSize(Math.min(1280, Math.max(900, f.getWidth())), Math.min(900, Math.max(700, f.getHeight())));
        } else {
            w.setLocationRelativeTo(null);
        }
        w.setVisible(true);
        return w;
    }

    /** The composer used last, or a new one when none is open. */
    public ComposerWindow current() {
        if (lastActive != null && lastActive.isDisplayable()) {
            return lastActive;
        }
        return openNew();
    }

    /** "Open a Scenario…": a composer (the current one when its script is empty) with the library in view. */
    public ComposerWindow openScenarios() {
        ComposerWindow w = lastActive != null && lastActive.isDisplayable() && lastActive.editor().getText().isBlank()
                ? lastActive : openNew();
        w.showScenarios();
        w.toFront();
        return w;
    }

    /** A recorded client message to send to a composer: the message, its frame's bytes, its connection. */
    public record Outgoing(Message message, byte[] frameBytes, int connection) {
    }

    /**
     * Turns frontend messages into script lines (the login, which a script's connection does by
     * itself, left out) and adds them to a composer: a new one, or the one used last. Messages of
     * several connections go to script connections of the same names ({@code connection c2}).
     *
     * @return how many message lines were added (0: nothing to send, no composer opened)
     */
    public int send(List<Outgoing> messages, boolean newComposer) {
        List<String> lines = new ArrayList<>();
        boolean several = messages.stream().map(Outgoing::connection).distinct().count() > 1;
        int current = -1;
        int sent = 0;
        for (Outgoing o : messages) {
            if (ScriptWriter.isLogin(o.message())) {
                continue;
            }
            if (several && o.connection() != current) {
                current = o.connection();
                lines.add("connection c" + current);
            }
            lines.add(ScriptWriter.line(o.message(), o.frameBytes()));
            sent++;
        }
        if (sent == 0) {
            return 0;
        }
        ComposerWindow w = newComposer ? openNew() : current();
        w.appendLines(lines);
        w.toFront();
        w.requestFocus();
        return sent;
    }

    /** The workbench is exiting: every composer stops its run and closes (unsaved scripts were asked about before). */
    public void closeAll() {
        for (ComposerWindow w : List.copyOf(open)) {
            w.dispose(false);
        }
        open.clear();
        lastActive = null;
    }

    /** Asks each composer with unsaved changes; false when the user cancelled. */
    public boolean confirmCloseAll() {
        for (ComposerWindow w : List.copyOf(open)) {
            if (w.isDirty()) {
                w.toFront();
                if (!w.close()) {
                    return false;
                }
            }
        }
        return true;
    }
}
