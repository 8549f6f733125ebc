package dev.pgwb.app.export;

import dev.pgwb.protocol.analysis.ConnectionSummary;
import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.DiagnosisText;
import dev.pgwb.protocol.analysis.FrameAnalysis;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.FieldNode;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.codec.RenderedValues;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import java.io.PrintWriter;
import java.util.List;

/**
 * Text for people: the one-line summary of each message (PQtrace's spirit), then, unless brief,
 * its field tree with each field's offset and length within the message, and its problems.
 *
 * <pre>
 * F  Query  "SELECT 1"
 *        0   1  Type: 'Q' Query
 *        1   4  Length: 13 (body 9 bytes)
 *        5   9  Query string: SELECT 1
 * </pre>
 */
public final class TextMessagePrinter implements MessagePrinter {

    private final PrintWriter out;
    private final boolean brief;
    private boolean first = true;

    /** @param brief one line per message, no field tree (problems are still marked) */
    public TextMessagePrinter(PrintWriter out, boolean brief) {
        this.out = out;
        this.brief = brief;
    }

    @Override
    public void startSource(String name) {
        if (name != null) {
            if (!first) {
                out.println();
            }
            out.println("==> " + name + " <==");
        }
        first = false;
    }

    @Override
    public void print(Decoded decoded) {
        printMessage("", decoded);
    }

    @Override
    public void print(RecordedFrame recorded, Decoded decoded) {
        printMessage("c" + recorded.connectionId() + " " + origin(recorded), decoded);
    }

    /**
     * With the analysis: the frame's sequence number first ({@code [12]}, what diagnoses refer to as
     * {@code #12}), then, for a request, how it was answered, and each diagnosis as a block.
     */
    @Override
    public void print(RecordedFrame recorded, Decoded decoded, FrameAnalysis analysis) {
        printMessage("[" + recorded.frame().seq() + "] c" + recorded.connectionId() + " " + origin(recorded), decoded);
        if (brief && RenderedValues.hasValues(decoded)) {
            List<String> shown = new java.util.ArrayList<>();
            RenderedValues.of(decoded).forEach(v -> shown.add(v == null ? "NULL" : v));
            if (!shown.isEmpty()) {
                out.println("   values: " + MessageSummary.oneLine(String.join(" | ", shown)));
            }
        }
        if (analysis.roundTrip() != null && !brief) {
            out.println("   -> round trip of " + analysis.roundTrip().requests() + " request(s) from [" + analysis.roundTrip().firstSeq()
                    + "]: " + DiagnosisText.millis(analysis.roundTrip().durationNanos()));
        }
        String outcome = DiagnosisText.outcome(analysis);
        if (outcome != null) {
            out.println("   -> " + outcome);
        }
        for (Diagnosis d : analysis.diagnoses()) {
            for (String line : DiagnosisText.block(d)) {
                out.println("   " + line);
            }
        }
    }

    @Override
    public void summary(ConnectionSummary summary) {
        first = false;
        DiagnosisText.summary(summary).forEach(out::println);
    }

    private static String origin(RecordedFrame recorded) {
        return switch (recorded.origin()) {
            case FORWARDED -> "";
            case CONSUMED -> "[answered by relay] ";
            case GENERATED -> "[from relay] ";
            case REWRITE_ORIGINAL -> "[original, rewritten by relay] ";
            case REWRITTEN -> "[rewritten by relay] ";
        };
    }

    @Override
    public void connection(ConnectionInfo c) {
        first = false;
        if (c.isOpen()) {
            out.println("c" + c.id() + " connection from " + c.client() + " to " + c.upstream()
                    + (c.user().isEmpty() ? "" : " user=" + c.user()) + (c.database().isEmpty() ? "" : " database=" + c.database())
                    + (c.applicationName().isEmpty() ? "" : " application_name=" + c.applicationName())
                    + (c.note().isEmpty() ? "" : " (" + c.note() + ")"));
        } else {
            out.println("c" + c.id() + " closed: " + c.closeReason() + (c.note().isEmpty() ? "" : " (" + c.note() + ")"));
        }
    }

    private void printMessage(String prefix, Decoded decoded) {
        first = false;
        out.println(prefix + MessageSummary.line(decoded));
        if (!brief) {
            int width = Math.max(3, Integer.toString(decoded.frame().length()).length());
            for (FieldNode f : decoded.fields()) {
                printField(f, 0, width);
            }
        }
        for (String problem : decoded.problems()) {
            out.println("   ! " + MessageSummary.oneLine(problem));
        }
    }

    private void printField(FieldNode f, int depth, int width) {
        out.printf("    %" + width + "d %" + width + "d  %s%s: %s%n", f.offset(), f.length(), "  ".repeat(depth),
                MessageSummary.oneLine(f.name()), MessageSummary.oneLine(f.value()));
        for (FieldNode c : f.children()) {
            printField(c, depth + 1, width);
        }
    }

    @Override
    public void flush() {
        out.flush();
    }
}
