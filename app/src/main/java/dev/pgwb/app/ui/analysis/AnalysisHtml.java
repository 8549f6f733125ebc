package dev.pgwb.app.ui.analysis;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.analysis.ConnectionSummary;
import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.DiagnosisText;
import dev.pgwb.protocol.analysis.FrameAnalysis;
import dev.pgwb.protocol.analysis.FrameRef;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.value.ValueRenderer;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.conversation.StatementEntry;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import javax.swing.UIManager;

/**
 * One message's analysis as HTML for the analysis tab. Frame links are {@code frame:<session index>}
 * and are labelled as the timeline numbers its rows ({@code #index+1}). The diagnosis words come
 * from {@link DiagnosisText}, as in the command line's output.
 */
final class AnalysisHtml {
    static final String FRAME_LINK = "frame:";
    private static final int MAX_LINKS = 30;
    private static final int MAX_ROWS = 40;

    private final SessionAnalysis analysis;
    private final IntFunction<String> typeOfFrame;
    private final StringBuilder b = new StringBuilder();

    AnalysisHtml(SessionAnalysis analysis, IntFunction<String> typeOfFrame) {
        this.analysis = analysis;
        this.typeOfFrame = typeOfFrame;
    }

    /** A page holding one line of text (nothing selected, analysis running). */
    static String message(String text) {
        return "<html><head>" + style() + "</head><body><p class='muted'>" + esc(text) + "</p></body></html>";
    }

    String render(int conn, long seq) {
        b.append("<html><head>").append(style()).append("</head><body>");
        FrameAnalysis fa = analysis.frame(conn, seq);
        long forgotten = analysis.forgotten(conn);
        if (forgotten > seq) { // a connection followed for long keeps a bounded history: said, not hidden
            b.append("<p class='muted'>").append(esc(Texts.get("analysis.forgotten", String.valueOf(analysis.index(conn, forgotten) + 1)))).append("</p>");
        }
        diagnoses(fa, conn);
        pairing(fa, conn, seq);
        analysis.conversation(conn).ifPresent(c -> statements(c, seq));
        analysis.summary(conn).ifPresent(this::summary);
        return b.append("</body></html>").toString();
    }

    // ------------------------------------------------------------------ sections

    private void diagnoses(FrameAnalysis fa, int conn) {
        for (Diagnosis d : fa.diagnoses()) {
            String cls = d.severity() == Diagnosis.Severity.ERROR ? "error" : "warning";
            b.append("<h3 class='").append(cls).append("'>").append(esc(Texts.get("analysis.diagnosis." + cls)))
                    .append(": ").append(esc(d.severity() == Diagnosis.Severity.ERROR ? DiagnosisText.heading(d) : d.code()))
                    .append("</h3>");
            b.append("<p>").append(linkNumbers(d.explanation(), d.connection())).append("</p>");
            b.append("<p><b>").append(esc(Texts.get("analysis.frames"))).append("</b></p><ul>");
            for (FrameRef f : d.frames()) {
                long i = analysis.index(f.connection(), f.seq());
                b.append("<li>").append(link(i)).append(" — ").append(esc(f.role()));
                if (f.connection() != conn) {
                    b.append(" <span class='muted'>(").append(esc(Texts.get("analysis.onConnection", f.connection()))).append(")</span>");
                }
                b.append("</li>");
            }
            b.append("</ul><p><b>").append(esc(Texts.get("analysis.advice"))).append("</b> ").append(esc(d.advice())).append("</p>");
        }
    }

    private void pairing(FrameAnalysis fa, int conn, long seq) {
        b.append("<h4>").append(esc(Texts.get("analysis.pairing"))).append("</h4>");
        boolean said = false;
        if (fa.replyTo() >= 0) {
            FrameAnalysis req = analysis.frame(conn, fa.replyTo());
            b.append("<p>").append(esc(Texts.get("analysis.answers"))).append(' ').append(link(analysis.index(conn, fa.replyTo())));
            if (req.latencyNanos() >= 0) {
                b.append(" &nbsp;").append(esc(Texts.get("analysis.latency", DiagnosisText.millis(req.latencyNanos()),
                        DiagnosisText.millis(Math.max(0, req.durationNanos())))));
            }
            b.append("</p>");
            said = true;
        }
        if (fa.isRequest()) {
            b.append("<p>").append(esc(Texts.get("analysis.status." + fa.status().name().toLowerCase(java.util.Locale.ROOT))));
            if (!fa.replies().isEmpty()) {
                b.append(' ').append(esc(Texts.get("analysis.repliedBy", fa.replies().size()))).append(' ');
                links(fa.replies(), conn);
            }
            if (fa.because() >= 0) {
                b.append(' ').append(esc(Texts.get("analysis.because"))).append(' ').append(link(analysis.index(conn, fa.because())));
            }
            b.append("</p>");
            if (fa.latencyNanos() >= 0) {
                b.append("<p>").append(esc(Texts.get("analysis.latency", DiagnosisText.millis(fa.latencyNanos()),
                        DiagnosisText.millis(Math.max(0, fa.durationNanos()))))).append("</p>");
            }
            said = true;
        }
        if (fa.roundTrip() != null) {
            b.append("<p>").append(esc(Texts.get("analysis.roundTrip", fa.roundTrip().requests(),
                    DiagnosisText.millis(fa.roundTrip().durationNanos())))).append(' ')
                    .append(link(analysis.index(conn, fa.roundTrip().firstSeq()))).append("</p>");
            said = true;
        }
        if (!said) {
            b.append("<p class='muted'>").append(esc(Texts.get("analysis.unpaired"))).append("</p>");
        }
    }

    private void statements(Conversation c, long seq) {
        List<StatementEntry> stmts = new ArrayList<>();
        for (StatementEntry s : c.registry().statementHistory()) {
            if (s.parseSeq() <= seq && s.state() != StatementEntry.State.FAILED && s.state() != StatementEntry.State.SKIPPED
                    && (s.endSeq() < 0 || s.endSeq() >= seq)) {
                stmts.add(s); // one ended by this very message is still there when it arrives
            }
        }
        List<PortalEntry> portals = new ArrayList<>();
        for (PortalEntry p : c.registry().portalHistory()) {
            if (p.bindSeq() <= seq && p.state() != PortalEntry.State.FAILED && p.state() != PortalEntry.State.SKIPPED
                    && (p.endSeq() < 0 || p.endSeq() >= seq)) {
                portals.add(p);
            }
        }
        b.append("<h4>").append(esc(Texts.get("analysis.statements", c.connectionId()))).append("</h4>");
        if (stmts.isEmpty()) {
            b.append("<p class='muted'>").append(esc(Texts.get("analysis.noStatements"))).append("</p>");
        } else {
            b.append("<table><tr><th>").append(esc(Texts.get("analysis.col.statement"))).append("</th><th>")
                    .append(esc(Texts.get("analysis.col.query"))).append("</th><th>")
                    .append(esc(Texts.get("analysis.col.params"))).append("</th><th>")
                    .append(esc(Texts.get("analysis.col.prepared"))).append("</th></tr>");
            for (StatementEntry s : tail(stmts)) {
                b.append("<tr><td><code>").append(esc(s.name().isEmpty() ? Texts.get("analysis.unnamed") : s.name()))
                        .append("</code></td><td><code>").append(esc(shorten(s.query(), 120))).append("</code></td><td>")
                        .append(esc(types(s.parameterTypes()))).append("</td><td>")
                        .append(link(analysis.index(c.connectionId(), s.parseSeq())))
                        .append(ended(s.endSeq(), s.endCause(), seq)).append("</td></tr>");
            }
            b.append("</table>");
        }
        if (portals.isEmpty()) {
            b.append("<p class='muted'>").append(esc(Texts.get("analysis.noPortals"))).append("</p>");
        } else {
            b.append("<table><tr><th>").append(esc(Texts.get("analysis.col.portal"))).append("</th><th>")
                    .append(esc(Texts.get("analysis.col.statement"))).append("</th><th>")
                    .append(esc(Texts.get("analysis.col.bound"))).append("</th></tr>");
            for (PortalEntry p : tail(portals)) {
                String stmt = p.statement() == null ? "?" : p.statement().name().isEmpty() ? Texts.get("analysis.unnamed") : p.statement().name();
                b.append("<tr><td><code>").append(esc(p.name().isEmpty() ? Texts.get("analysis.unnamed") : p.name()))
                        .append("</code></td><td><code>").append(esc(stmt)).append("</code></td><td>")
                        .append(link(analysis.index(c.connectionId(), p.bindSeq())))
                        .append(ended(p.endSeq(), p.endCause(), seq)).append("</td></tr>");
            }
            b.append("</table>");
        }
    }

    private void summary(ConnectionSummary s) {
        int messages = s.messageCounts().values().stream().mapToInt(Integer::intValue).sum();
        b.append("<h4>").append(esc(Texts.get("analysis.summary", s.connection()))).append("</h4><p>")
                .append(esc(Texts.get("analysis.summary.protocol", s.protocolText(), s.authMethod().isEmpty() ? "—" : s.authMethod())))
                .append("<br>").append(esc(Texts.get("analysis.summary.traffic", messages, s.bytesFromClient(), s.bytesFromServer())))
                .append("<br>").append(esc(Texts.get("analysis.summary.requests", s.requests(), s.roundTrips(), DiagnosisText.millis(s.roundTripNanos()))))
                .append("<br>").append(esc(Texts.get("analysis.summary.statements", s.statements(), s.portals(), s.errors().size(), s.warnings())))
                .append("</p>");
        List<String> counts = new ArrayList<>();
        s.messageCounts().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> counts.add(e.getKey() + " " + e.getValue()));
        b.append("<p class='muted'>").append(esc(String.join(", ", counts))).append("</p>");
        if (!s.slowest().isEmpty()) {
            b.append("<p><b>").append(esc(Texts.get("analysis.slowest"))).append("</b></p><ul>");
            for (ConnectionSummary.SlowRequest r : s.slowest()) {
                b.append("<li>").append(link(analysis.index(s.connection(), r.seq()))).append(" &nbsp;")
                        .append(esc(DiagnosisText.millis(r.durationNanos()))).append(" &nbsp;<code>")
                        .append(esc(shorten(r.what(), 100))).append("</code></li>");
            }
            b.append("</ul>");
        }
        if (!s.errors().isEmpty()) {
            b.append("<p><b>").append(esc(Texts.get("analysis.errors"))).append("</b></p><ul>");
            for (ConnectionSummary.ErrorLine e : tail(s.errors())) {
                b.append("<li>").append(link(analysis.index(s.connection(), e.seq()))).append(" &nbsp;")
                        .append(esc(e.sqlState() + " " + e.message())).append("</li>");
            }
            b.append("</ul>");
        }
    }

    // ------------------------------------------------------------------ pieces

    private static final java.util.regex.Pattern FRAME_NUMBER = java.util.regex.Pattern.compile("#(\\d+)");
    private static final java.util.regex.Pattern CONNECTION_AFTER = java.util.regex.Pattern.compile("^ on connection (\\d+)");
    private static final java.util.regex.Pattern CONNECTION_BEFORE = java.util.regex.Pattern.compile("connection (\\d+) (?:at |\\()$");

    /**
     * The analysis writes frames as {@code #seq}, numbered within their connection; the timeline numbers
     * rows across the session. Each such number becomes a link labelled as the timeline row (the
     * connection is the diagnosis's, unless the text says "on connection K" next to it).
     */
    String linkNumbers(String text, int conn) {
        java.util.regex.Matcher m = FRAME_NUMBER.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            int c = conn;
            java.util.regex.Matcher after = CONNECTION_AFTER.matcher(text.substring(m.end()));
            java.util.regex.Matcher before = CONNECTION_BEFORE.matcher(text.substring(Math.max(0, m.start() - 30), m.start()));
            if (after.find()) {
                c = Integer.parseInt(after.group(1));
            } else if (before.find()) {
                c = Integer.parseInt(before.group(1));
            }
            long index = analysis.index(c, Long.parseLong(m.group(1)));
            out.append(esc(text.substring(last, m.start())));
            out.append(index < 0 ? esc(m.group()) : "<a href='" + FRAME_LINK + index + "'>#" + (index + 1) + "</a>");
            last = m.end();
        }
        return out.append(esc(text.substring(last))).toString();
    }

    private void links(List<Long> seqs, int conn) {
        int n = 0;
        for (long s : seqs) {
            if (n++ == MAX_LINKS) {
                b.append(esc(Texts.get("analysis.more", seqs.size() - MAX_LINKS))).append(' ');
                b.append(link(analysis.index(conn, seqs.get(seqs.size() - 1))));
                return;
            }
            b.append(link(analysis.index(conn, s))).append(' ');
        }
    }

    /** "#13 Parse" linking to session frame {@code index}; plain text when the frame is not in the session. */
    private String link(long index) {
        if (index < 0) {
            return "?";
        }
        String type = index <= Integer.MAX_VALUE ? typeOfFrame.apply((int) index) : "";
        String label = "#" + (index + 1) + (type == null || type.isEmpty() ? "" : " " + type);
        return "<a href='" + FRAME_LINK + index + "'>" + esc(label) + "</a>";
    }

    private static String ended(long endSeq, String cause, long seq) {
        return endSeq == seq ? " <span class='muted'>(" + esc(Texts.get("analysis.endsHere", cause)) + ")</span>" : "";
    }

    private static <T> List<T> tail(List<T> all) {
        return all.size() <= MAX_ROWS ? all : all.subList(all.size() - MAX_ROWS, all.size());
    }

    private static String types(List<Integer> oids) {
        if (oids.isEmpty()) {
            return Texts.get("analysis.typesNotDeclared");
        }
        List<String> out = new ArrayList<>();
        for (int oid : oids) {
            out.add(oid == 0 ? Texts.get("analysis.inferred") : ValueRenderer.typeName(oid));
        }
        return String.join(", ", out);
    }

    private static String shorten(String s, int max) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String style() {
        Color link = UIManager.getColor("Component.linkColor");
        Color error = UIManager.getColor("Actions.Red");
        Color warning = UIManager.getColor("Actions.Yellow");
        Color muted = UIManager.getColor("Label.disabledForeground");
        return "<style>body{margin:6px 8px} h3{margin:4px 0 4px 0} h4{margin:10px 0 2px 0} p{margin:2px 0 4px 0}"
                + " ul{margin-top:0;margin-bottom:4px} th{text-align:left} td,th{padding:1px 8px 1px 0}"
                + " a{color:" + hex(link, "#2675BF") + "} .error{color:" + hex(error, "#C62828") + "}"
                + " .warning{color:" + hex(warning, "#B26B00") + "} .muted{color:" + hex(muted, "#808080") + "}</style>";
    }

    private static String hex(Color c, String fallback) {
        return c == null ? fallback : String.format("#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
    }
}
