package dev.pgwb.protocol.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** 08P01: a Bind with the wrong number of parameters (its statement's Parse named), or what the server expected in that phase. */
final class ProtocolViolationRule implements ErrorRule {
    private static final Pattern BIND_COUNT = Pattern.compile(
            "bind message supplies (\\d+) parameters, but prepared statement \"(.*)\" requires (\\d+)");

    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("08P01")) {
            return null;
        }
        String m = e.message();
        Matcher bind = BIND_COUNT.matcher(m);
        if (bind.find()) {
            String name = bind.group(2);
            List<FrameRef> frames = new ArrayList<>();
            String parsed = "";
            for (var s : e.conversation.registry().statementsNamed(name)) {
                if (Statements.aliveAt(s, e.seq())) {
                    frames.clear();
                    frames.add(e.ref(s.parseSeq(), "Parse of " + name));
                    parsed = " (parsed at #" + s.parseSeq() + ")";
                }
            }
            return Explanation.of("bind-count", name, "The Bind" + (e.failed == null ? "" : " at #" + e.failed.seq()) + " supplies "
                    + bind.group(1) + " parameter(s), but " + Statements.shown(name) + parsed + " takes " + bind.group(3) + ".",
                    "Bind exactly one value per parameter of the statement.", frames);
        }
        long outOfTurn = e.conversation.outOfTurnSeq();
        boolean outOfTurnBefore = outOfTurn >= 0 && outOfTurn < e.seq();
        List<FrameRef> frames = new ArrayList<>();
        if (outOfTurnBefore) {
            frames.add(e.ref(outOfTurn, e.conversation.outOfTurnType() + " instead of the authentication answer"));
        }
        String expected = switch (e.event.phaseBefore()) {
            case COPY_IN -> "During COPY FROM STDIN the server accepts only CopyData, CopyDone, CopyFail (and Flush/Sync).";
            case STARTUP, AUTHENTICATION -> "During startup the server expected the answer to its authentication request ("
                    + e.conversation.authMethod() + ")" + (outOfTurnBefore ? ", but the client sent the "
                    + e.conversation.outOfTurnType() + " at #" + outOfTurn + " instead (the number in the message is its type "
                    + "byte in decimal)." : ".");
            default -> "The server expected a valid frontend message: a known type byte and a length that matches the body.";
        };
        if (m.startsWith("invalid frontend message type")) {
            expected += " An unknown type byte usually means the client lost track of message boundaries (a wrong length "
                    + "in an earlier message).";
        }
        return Explanation.of("protocol-violation", "", "The server rejected the conversation" + ErrorCase.where(e.failed) + ": " + m
                + ". " + expected, "Compare the named frames against the protocol's message formats; the server closes the "
                + "connection after most protocol violations.", frames);
    }
}
