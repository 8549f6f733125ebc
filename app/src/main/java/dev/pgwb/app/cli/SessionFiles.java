package dev.pgwb.app.cli;

import dev.pgwb.protocol.session.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells a recorded session file or a capture from a file of raw protocol bytes. */
final class SessionFiles {
    private SessionFiles() {
    }

    /** A {@code .pgwb} name (so a damaged session gets a session error), or a session's first bytes under any name. */
    static boolean isSession(String name) {
        if (name.equals("-")) {
            return false;
        }
        Path p = Path.of(name);
        return Files.isRegularFile(p) && (name.endsWith(".pgwb") || SessionStore.looksLikeSession(p));
    }

    /** A pcap or pcapng capture, told by its magic number whatever its name. */
    static boolean isCapture(String name) {
        if (name.equals("-")) {
            return false;
        }
        Path p = Path.of(name);
        return Files.isRegularFile(p) && dev.pgwb.protocol.capture.CaptureImport.looksLikeCapture(p);
    }
}
