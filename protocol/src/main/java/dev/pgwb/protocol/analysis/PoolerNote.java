package dev.pgwb.protocol.analysis;

import java.util.List;

/**
 * Adds to an error on a pooler's server connection which application it was passed on to, and for
 * which of that application's requests: the server leg's error is the same one the application saw.
 */
final class PoolerNote implements ErrorNote {
    @Override
    public Note note(ErrorCase e) {
        PoolerLegs legs = e.session.pooler();
        if (!legs.isServerLeg(e.connection())) {
            return null;
        }
        String request = e.failed == null ? "" : legs.forwardedFrom(e.connection(), e.failed.seq())
                .map(f -> " (the " + e.failed.typeName() + " came from its #" + f.seq() + " on connection " + f.connection() + ")").orElse(" (the "
                        + e.failed.typeName() + " was the pooler's own)");
        return legs.forwardedTo(e.connection(), e.seq())
                .map(f -> new Note("This is a connection of the pooler at " + legs.poolerAddress() + " to the server: it passed the "
                        + "error on to application connection " + f.connection() + " as #" + f.seq() + " on connection " + f.connection() + request + ".",
                        List.of(new FrameRef(f.connection(), f.seq(), "the same error on application connection " + f.connection()))))
                .orElse(null);
    }
}
