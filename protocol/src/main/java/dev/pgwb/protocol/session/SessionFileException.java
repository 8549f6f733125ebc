package dev.pgwb.protocol.session;

import java.io.IOException;

/** A session file that cannot be opened: not a session file, a newer version, or corrupt at its start. */
public final class SessionFileException extends IOException {
    public SessionFileException(String message) {
        super(message);
    }
}
