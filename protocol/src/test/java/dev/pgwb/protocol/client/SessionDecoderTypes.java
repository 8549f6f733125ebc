package dev.pgwb.protocol.client;

import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import java.util.ArrayList;
import java.util.List;

/** The documentation names of every recorded message, in session order. */
final class SessionDecoderTypes {
    private SessionDecoderTypes() {
    }

    static List<String> of(SessionStore store) {
        List<String> types = new ArrayList<>();
        SessionDecoder.decodeAll(store, false, (f, d) -> types.add(d.typeName()));
        return types;
    }
}
