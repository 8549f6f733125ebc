package dev.pgwb.app.cli;

import dev.pgwb.protocol.capture.CaptureImport;
import dev.pgwb.protocol.session.SessionStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a capture into a session for {@code decode} and {@code convert}, with what the reader should be told. */
final class CaptureImports {
    private CaptureImports() {
    }

    record Imported(CaptureImport.Result result, List<String> notes) {
    }

    /** Imports {@code capture} into {@code store}; {@code ports} (may be null) force server ports. */
    static Imported read(Path capture, SessionStore store, List<Integer> ports) throws IOException {
        CaptureImport.Options options = CaptureImport.Options.defaults();
        if (ports != null && !ports.isEmpty()) {
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IOException("--port " + p + " is not a TCP port (1 to 65535)");
                }
            }
            options = options.withPorts(Set.copyOf(ports));
        }
        CaptureImport.Result r = CaptureImport.importInto(capture, store, options);
        List<String> notes = new ArrayList<>(r.notes());
        if (r.connections() == 0) {
            notes.add("no PostgreSQL connection found in " + r.packets() + " packet(s)"
                    + (ports == null || ports.isEmpty() ? " (if the server listens on another port, say --port PORT)" : ""));
        }
        return new Imported(r, notes);
    }
}
