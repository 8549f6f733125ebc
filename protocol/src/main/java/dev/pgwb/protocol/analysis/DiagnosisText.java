package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.FrameRef;
import dev.pgwb.protocol.codec.SqlState;
import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analysis in words, for the text printer and the window's analysis tab: a request's outcome, a
 * diagnosis block, a connection summary.
 */
public final class DiagnosisText {
    private DiagnosisText() {
    }

    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** "answered by [5] [6] in 0.412 ms", "skipped: ..." — or null when there is nothing to say. */
    public static String outcome(FrameAnalysis a) {
        if (!a.isRequest()) {
            return null;
        }
        return switch (a.status()) {
            case SKIPPED -> "skipped by the server (an earlier message failed; it discards until Sync)";
            case UNANSWERED -> "never answered";
            case NOT_EXECUTED -> "never executed (the server had already ended the connection)";
            case PENDING -> "not answered yet";
            case DONE, FAILED -> (a.status() == Request.Status.FAILED ? "FAILED; " : "") + "answered by " + seqs(a.replies())
                    + (a.durationNanos() >= 0 ? " in " + millis(a.durationNanos()) : "");
        };
    }

    private static String seqs(List<Long> replies) {
        if (replies.size() > 6) {
            return "[" + replies.get(0) + "] ... [" + replies.get(replies.size() - 1) + "] (" + replies.size() + " messages)";
        }
        List<String> s = new ArrayList<>();
        replies.forEach(r -> s.add("[" + r + "]"));
        return String.join(" ", s);
    }

    public static String heading(Diagnosis d) {
        String name = d.severity() == Diagnosis.Severity.ERROR
                ? SqlState.lookup(d.code()).map(s -> d.code() + " " + s.conditionName()).orElse(d.code()) : d.code();
        return d.severity() + " " + name + (d.cause().isEmpty() ? "" : " (" + d.cause() + ")");
    }

    public static String frame(FrameRef f, int here) {
        return "[" + f.seq() + (f.connection() == here ? "" : " on #" + f.connection()) + "] " + f.role();
    }

    public static List<String> block(Diagnosis d) {
        List<String> lines = new ArrayList<>();
        lines.add(">> " + heading(d));
        lines.add("   " + d.explanation());
        List<String> fs = new ArrayList<>();
        d.frames().forEach(f -> fs.add(frame(f, d.connection())));
        lines.add("   frames: " + String.join(", ", fs));
        lines.add("   what to do: " + d.advice());
        return lines;
    }

    public static List<String> summary(ConnectionSummary s) {
        List<String> lines = new ArrayList<>();
        int messages = s.messageCounts().values().stream().mapToInt(Integer::intValue).sum();
        lines.add("c" + s.connection() + " summary: protocol " + s.protocolText()
                + (s.authMethod().isEmpty() ? "" : ", authentication " + s.authMethod()) + "; " + messages + " messages, "
                + s.bytesFromClient() + " bytes from the client, " + s.bytesFromServer() + " from the server; "
                + s.requests() + " requests in " + s.roundTrips() + " round trips (" + millis(s.roundTripNanos()) + "); "
                + s.statements() + " statements, " + s.portals() + " portals; " + s.errors().size() + " errors, "
                + s.warnings() + " warnings");
        List<String> counts = new ArrayList<>();
        s.messageCounts().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> counts.add(e.getKey() + " " + e.getValue()));
        lines.add("   messages: " + String.join(", ", counts));
        for (ConnectionSummary.SlowRequest r : s.slowest()) {
            lines.add("   slow: [" + r.seq() + "] " + r.type() + " " + millis(r.durationNanos()) + (r.what().isEmpty() ? "" : "  " + r.what()));
        }
        for (ConnectionSummary.ErrorLine e : s.errors()) {
            lines.add("   error: [" + e.seq() + "] " + e.sqlState() + " " + e.message());
        }
        for (Diagnosis d : s.connectionDiagnoses()) {
            block(d).forEach(l -> lines.add("   " + l));
        }
        return lines;
    }
}
