package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Parse;
import java.util.List;

/**
 * unnamed-replaced-under-portal: a Parse replaced the unnamed statement while a portal bound from it
 * still had work left: never executed yet, or suspended with rows to fetch, as the server saw it
 * (messages in the order sent: in a pipeline an Execute sent before the Parse has run to completion
 * by the time the server reads the Parse, even if its answer is recorded after it).
 */
final class UnnamedReplacedUnderPortalRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        for (PortalEntry portal : c.registry().portalHistory()) { // one pass: a session can hold a million unnamed Parses
            StatementEntry old = portal.statement();
            if (old == null || !old.name().isEmpty() || !old.endCause().equals("unnamed Parse")) {
                continue;
            }
            long seq = old.endSeq(); // the Parse that replaced it
            Request parse = c.request(seq).orElse(null);
            if (parse == null || !(parse.message() instanceof Parse) || parse.status() == Request.Status.SKIPPED
                    || !unfinishedAt(portal, seq)) {
                continue;
            }
            out.add(new Diagnosis(Diagnosis.Severity.WARNING, "unnamed-replaced-under-portal", "", c.connectionId(), seq,
                    portal.name(), List.of(new FrameRef(c.connectionId(), seq, "unnamed Parse"),
                    new FrameRef(c.connectionId(), old.parseSeq(), "Parse of the replaced statement"),
                    new FrameRef(c.connectionId(), portal.bindSeq(), "Bind of " + portal.displayName())),
                    "The Parse at #" + seq + " replaces the unnamed statement (parsed at #" + old.parseSeq() + ") while "
                            + portal.displayName() + " bound from it at #" + portal.bindSeq() + " "
                            + (portal.suspendedExecutions().isEmpty() ? "has not been executed yet"
                            : "is suspended with rows left to fetch") + ". The portal keeps running its own plan, "
                            + "but the statement it came from can no longer be described or bound.",
                    "Finish or close the portal before re-parsing the unnamed statement, or use a named statement."));
        }
    }

    /** True when, in the order the server read them, the portal still had work left when frame {@code seq} was read. */
    private static boolean unfinishedAt(PortalEntry p, long seq) {
        boolean existed = p.state() != PortalEntry.State.FAILED && p.state() != PortalEntry.State.SKIPPED;
        if (!existed || p.bindSeq() >= seq || (p.endSeq() >= 0 && p.endSeq() <= seq)) {
            return false;
        }
        long lastExecute = -1;
        for (long e : p.executions()) {
            if (e < seq) {
                lastExecute = e;
            }
        }
        return lastExecute < 0 || p.suspendedExecutions().contains(lastExecute);
    }
}
