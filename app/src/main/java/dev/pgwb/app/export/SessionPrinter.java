package dev.pgwb.app.export;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.FrameAnalysis;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints a recorded session's frames in order, decoded per connection, with a line when a
 * connection first shows up and when it ends: for {@code decode FILE.pgwb} and the live relay.
 */
public final class SessionPrinter {
    private final SessionStore store;
    private final MessagePrinter printer;
    private final SessionDecoder decoder;
    private final Set<Integer> announced = new HashSet<>();
    private final Set<Integer> ended = new HashSet<>();
    private final Set<Integer> summarized = new HashSet<>();
    private final SessionAnalysis analysis;
    private java.util.function.IntPredicate wanted = id -> true;
    private long delivered;

    public SessionPrinter(SessionStore store, MessagePrinter printer, boolean revealSecrets) {
        this(store, printer, revealSecrets, null);
    }

    /** With {@code analysis} (of the whole recording), messages carry pairing and diagnoses, and connections a summary. */
    public SessionPrinter(SessionStore store, MessagePrinter printer, boolean revealSecrets, SessionAnalysis analysis) {
        this.analysis = analysis;
        this.store = store;
        this.printer = printer;
        this.decoder = new SessionDecoder(revealSecrets, false); // types need only what is alive; the analysis keeps the history
    }

    /** Prints only these connections (an export of one connection); all of them by default. */
    public SessionPrinter only(java.util.Set<Integer> ids) {
        wanted = ids.isEmpty() ? id -> true : ids::contains;
        return this;
    }

    /**
     * Prints a batch of frames (in session order), then the connections that have ended, once every
     * frame recorded before their end has been printed.
     */
    public void print(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (!wanted.test(f.connectionId())) {
                delivered = f.index() + 1;
                continue;
            }
            Decoded d = decoder.decode(f);
            if (announced.add(f.connectionId())) {
                printer.connection(openView(store.connection(f.connectionId()), d));
            }
            if (analysis != null) {
                printer.print(f, d, analysis.frame(f.connectionId(), f.frame().seq()));
            } else {
                printer.print(f, d, live(f));
            }
            delivered = f.index() + 1;
        }
        List<ConnectionInfo> now = store.connections(); // read before the count: a close seen here follows its frames
        if (delivered >= store.frameCount()) {
            printEnded(now);
        }
        printer.flush();
    }

    /**
     * Live (the relay), only what the conversation knows as the frame passes: the explanation of an
     * error on its own connection. Pairing, warnings found later and other connections' part need
     * the whole recording ({@code pgwb decode}).
     */
    private FrameAnalysis live(RecordedFrame f) {
        List<Diagnosis> now = decoder.state(f.connectionId())
                .map(s -> SessionAnalysis.explainNow(s.conversation(), f.frame().seq()))
                .map(List::of)
                .orElse(List.of());
        return new FrameAnalysis(-1, List.of(), null, -1, -1, now);
    }

    /** Connections that ended since the last call (all of them: call when every frame was printed). */
    public void printEnded() {
        printEnded(store.connections());
    }

    private void printEnded(List<ConnectionInfo> connections) {
        for (ConnectionInfo c : connections) {
            if (!c.isOpen() && !ended.contains(c.id()) && wanted.test(c.id())) {
                if (announced.add(c.id())) {
                    printer.connection(openView(c, null));
                }
                ended.add(c.id());
                printer.connection(c);
                summarize(c.id());
            }
        }
    }

    /**
     * The connection as it was while open (the "connection" line must not already say how it ended),
     * with who it is taken from its first message when that is the StartupMessage.
     */
    private static ConnectionInfo openView(ConnectionInfo c, Decoded first) {
        String user = c.user();
        String database = c.database();
        String app = c.applicationName();
        if (first != null && first.message() instanceof StartupMessage s) {
            for (StartupParameter p : s.parameters()) {
                switch (p.name()) {
                    case "user" -> user = p.value();
                    case "database" -> database = p.value();
                    case "application_name" -> app = p.value();
                    default -> { }
                }
            }
        }
        return new ConnectionInfo(c.id(), c.client(), c.upstream(), c.openedNanos(), 0, null, c.note(), user, database, app);
    }

    private void summarize(int connection) {
        if (analysis != null && wanted.test(connection) && summarized.add(connection)) {
            analysis.summary(connection).ifPresent(printer::summary);
        }
    }

    /** The whole session, start to end. */
    public void printAll() {
        long n = store.frameCount();
        for (long from = 0; from < n; from += 4096) {
            print(store.frames(from, Math.min(n, from + 4096)));
        }
        finish();
    }

    /** After the last frame: connections that ended, and the summaries of those the recording ended while open. */
    public void finish() {
        printEnded();
        if (analysis != null) {
            analysis.connectionIds().forEach(this::summarize); // connections the recording ended while open
        }
        printer.flush();
    }
}
