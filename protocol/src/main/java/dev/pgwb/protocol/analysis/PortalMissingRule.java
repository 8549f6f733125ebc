package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import java.util.ArrayList;
import java.util.List;

/** 34000: the portal was closed (Close, end of transaction, a new unnamed Bind, DISCARD ALL), its Bind failed or was skipped, or it never was. */
final class PortalMissingRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("34000")) {
            return null;
        }
        String quoted = Statements.quotedName(e.message()).orElse("");
        String name = e.failed == null ? quoted : switch (e.failed.message()) {
            case Execute x -> x.portal();
            case Describe d when d.target() == 'P' -> d.name();
            default -> quoted;
        };
        String shown = name.isEmpty() ? "the unnamed portal" : "portal \"" + name + "\"";
        String user = e.failed == null ? "it was used" : "the " + e.failed.typeName() + " at #" + e.failed.seq() + " uses it";
        PortalEntry last = null;
        for (PortalEntry p : e.conversation.registry().portalsNamed(name)) {
            if (p.bindSeq() < e.seq()) {
                last = p;
            }
        }
        if (last == null) {
            return Explanation.of("never-bound", name, shown + " was never created by a Bind on this connection before #" + e.seq()
                    + ", yet " + user + ".", "Bind the portal (in the same transaction) before executing or describing it.", List.of());
        }
        List<FrameRef> frames = new ArrayList<>();
        frames.add(e.ref(last.bindSeq(), "Bind of " + shown));
        PortalEntry.State state = last.state() == PortalEntry.State.CLOSED && last.endSeq() > e.seq()
                ? PortalEntry.State.OPEN : last.state(); // as it was when the error came
        return switch (state) {
            case CLOSED -> {
                frames.add(e.ref(last.endSeq(), last.endCause()));
                String cause = switch (last.endCause()) {
                    case "Close" -> "closed-by-close";
                    case "transaction end", "failed transaction" -> "closed-by-transaction-end";
                    case "unnamed Bind" -> "replaced-by-bind";
                    case "DISCARD ALL" -> "closed-by-discard-all";
                    default -> "closed";
                };
                String how = switch (last.endCause()) {
                    case "transaction end" -> "when its transaction ended (ReadyForQuery 'I' at #" + last.endSeq()
                            + "): portals live only until the end of the transaction, and outside BEGIN each Sync ends one";
                    case "failed transaction" -> "when its transaction failed (ReadyForQuery 'E' at #" + last.endSeq() + ")";
                    case "Close" -> "by the Close at #" + last.endSeq();
                    default -> "at #" + last.endSeq() + " (" + last.endCause() + ")";
                };
                yield Explanation.of(cause, name, shown + " was bound at #" + last.bindSeq() + " and closed " + how + "; " + user
                        + " after that.", cause.equals("closed-by-transaction-end")
                        ? "Fetch from a portal inside one transaction (BEGIN ... COMMIT), or use Flush instead of Sync between Executes."
                        : "Bind the portal again before executing it.", frames);
            }
            case FAILED, SKIPPED -> {
                frames.add(e.ref(last.errorSeq(), "error of its Bind"));
                yield Explanation.of(last.state() == PortalEntry.State.FAILED ? "bind-failed" : "bind-skipped", name,
                        "The Bind of " + shown + " at #" + last.bindSeq() + (last.state() == PortalEntry.State.FAILED
                                ? " failed" : " was skipped after the error") + " at #" + last.errorSeq()
                                + ", so the portal never existed; " + user + ".",
                        "Fix the first error; after an error, everything up to Sync must be sent again.", frames);
            }
            default -> Explanation.of("", name, shown + " looks open in the recording (Bind at #" + last.bindSeq()
                    + ") but the server does not know it.", "Check whether a pooler switched server connections.", frames);
        };
    }
}
