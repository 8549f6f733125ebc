package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.wire.StartupCodes;
import java.util.List;

/** 0A000 "unsupported frontend protocol": the StartupMessage asked for a major version the server does not speak. */
final class UnsupportedProtocolRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("0A000") || !e.message().startsWith("unsupported frontend protocol")) {
            return null;
        }
        int v = e.conversation.protocolVersion();
        int major = v >>> 16;
        String asked = v == 0 ? "a protocol version" : "protocol " + StartupCodes.versionText(v);
        String why = major < 3 ? " Protocol 2.0 was removed from PostgreSQL 14: this is a very old client or driver."
                : major > 3 ? " No PostgreSQL release speaks a protocol after 3.x: the client is not a PostgreSQL client, or it "
                + "sent a version code by mistake." : " The server only negotiates minor versions it knows (NegotiateProtocolVersion); "
                + "this one it rejects outright.";
        return Explanation.of("unsupported-protocol", "", "The StartupMessage at #" + e.conversation.startupSeq() + " asks for "
                        + asked + ", and the server answered " + e.message() + "." + why,
                "Use a client library that speaks protocol 3 (libpq, pgJDBC, psycopg, node-postgres all do).",
                e.conversation.startupSeq() >= 0 ? List.of(e.ref(e.conversation.startupSeq(), "StartupMessage")) : List.of());
    }
}
