package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A StartupMessage for protocol 1.x or 2.0: the server refuses it with an error in protocol 2's own
 * format ({@code 'E'}, then the text ending in a NUL, no length), which is not a protocol-3
 * ErrorResponse; the text is read from those bytes.
 */
final class ProtocolTwoRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        int v = c.protocolVersion();
        if (c.startupSeq() < 0 || v == 0 || (v >>> 16) >= 3 || !c.errorEvents().isEmpty()) {
            return;
        }
        Conversation.Stray s = c.strayServerStart().orElse(null);
        String said = "";
        List<FrameRef> frames;
        if (s != null && s.head().length > 1 && s.head()[0] == 'E') {
            int end = 1;
            while (end < s.head().length && s.head()[end] != 0) {
                end++;
            }
            said = new String(s.head(), 1, end - 1, StandardCharsets.UTF_8).strip();
            frames = List.of(new FrameRef(c.connectionId(), c.startupSeq(), "StartupMessage " + StartupCodes.versionText(v)),
                    new FrameRef(c.connectionId(), s.seq(), "the server's answer, in protocol 2's error format"));
        } else {
            frames = List.of(new FrameRef(c.connectionId(), c.startupSeq(), "StartupMessage " + StartupCodes.versionText(v)));
        }
        out.add(new Diagnosis(Diagnosis.Severity.ERROR, "0A000", "unsupported-protocol", c.connectionId(), s != null ? s.seq()
                : c.startupSeq(), "", frames, "The StartupMessage at #" + c.startupSeq() + " asks for protocol "
                + StartupCodes.versionText(v) + ", which PostgreSQL no longer speaks (protocol 2.0 was removed in PostgreSQL 14). "
                + (said.isEmpty() ? "The server refuses it." : "The server refused it in protocol 2's own error format ('E' and "
                + "a text, no length), which is why the bytes after it do not read as protocol-3 messages: \"" + said + "\"."),
                "Use a client library that speaks protocol 3 (every libpq since 7.4, pgJDBC, psycopg, node-postgres); a driver that "
                        + "still sends 2.0 is decades old."));
    }
}
