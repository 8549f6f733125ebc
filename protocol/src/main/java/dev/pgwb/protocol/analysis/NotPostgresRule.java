package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A connection whose client did not speak PostgreSQL: an HTTP request, a TLS ClientHello without
 * SSLRequest, an SSH banner, a line of text, other bytes. PostgreSQL reads the first four bytes as
 * the startup packet's length, rejects anything under 8 or over 10,000 bytes ("invalid length of
 * startup packet", SQLSTATE 08P01, written to the server log only) and closes without answering.
 */
final class NotPostgresRule implements WarningRule {
    private static final int MAX_STARTUP = 10_000;

    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        Conversation.Stray s = c.strayStart().orElse(null);
        if (s == null || c.startupSeq() >= 0 || !c.negotiations().isEmpty()) {
            return;
        }
        byte[] b = s.head();
        String ascii = new String(b, StandardCharsets.ISO_8859_1);
        String firstLine = ascii.split("\r?\n", 2)[0];
        String cause;
        String what;
        String advice;
        if (ascii.matches("(?s)^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) \\S+ HTTP/.*") || ascii.startsWith("PRI * HTTP/2")) {
            cause = "http-request";
            what = "an HTTP request (\"" + firstLine.strip() + "\")";
            advice = "Point the HTTP client (a browser, curl, a load balancer's HTTP health check, a Kubernetes httpGet probe) at "
                    + "the right port; to check PostgreSQL's health use pg_isready, a TCP check, or a query such as SELECT 1.";
        } else if (s.kind() == FrameKind.TLS_RECORD || (b.length >= 3 && b[0] == 0x16 && b[1] == 0x03)) {
            cause = "tls-without-sslrequest";
            what = "a TLS ClientHello sent at once, without an SSLRequest first";
            advice = "A PostgreSQL client asks for TLS with an SSLRequest (sslmode=require). A direct TLS handshake works only "
                    + "against PostgreSQL 17 or newer with ssl = on, from a client that sets sslnegotiation=direct and offers the "
                    + "ALPN protocol \"postgresql\"; an HTTPS client or a TLS health check pointed at this port is the usual cause.";
        } else if (ascii.startsWith("SSH-")) {
            cause = "ssh";
            what = "an SSH client's banner (\"" + firstLine.strip() + "\")";
            advice = "Point the SSH client at port 22, or tunnel PostgreSQL through SSH (ssh -L) instead.";
        } else if (printable(b)) {
            cause = "text-line";
            what = "a line of text (\"" + firstLine.strip() + "\"), as telnet, nc or a line-based protocol's client sends";
            advice = "Connect with a PostgreSQL client (psql); to check that the port is open use pg_isready or a plain TCP check "
                    + "that sends nothing.";
        } else {
            cause = "unknown-bytes";
            what = "bytes that are not a PostgreSQL startup packet (" + hex(b) + ")";
            advice = "Check which program connects to this port (the client address), and that it speaks the PostgreSQL protocol.";
        }
        long declared = b.length >= 4 ? dev.pgwb.protocol.wire.BigEndian.uint32(b, 0) : -1;
        String read = declared < 0 ? "PostgreSQL waits for the startup packet's 4-byte length and closes the connection when it "
                + "does not come (\"incomplete startup packet\" in its log)."
                : "PostgreSQL reads its first four bytes as the startup packet's length (" + String.format(Locale.ROOT, "%,d", declared)
                + "), which is " + (declared < 8 ? "under 8" : declared > MAX_STARTUP ? "over 10,000" : "within limits but followed by no "
                + "valid protocol version") + ", so it rejects it: \"invalid length of startup packet\" (08P01) in the server log, and "
                + "the connection is closed without an answer.";
        boolean answered = c.bytesFromServer() > 0;
        List<FrameRef> frames = new ArrayList<>();
        frames.add(new FrameRef(c.connectionId(), s.seq(), "the client's first bytes"));
        String who = session.info(c.connectionId()).map(i -> " from " + i.client()).orElse("");
        out.add(new Diagnosis(Diagnosis.Severity.ERROR, "08P01", cause, c.connectionId(), s.seq(), "", frames,
                "This is not a PostgreSQL client: the connection" + who + " starts with " + what + ". " + read
                        + (answered ? " (The server did send " + c.bytesFromServer() + " bytes back.)" : ""), advice));
    }

    private static boolean printable(byte[] b) {
        if (b.length == 0) {
            return false;
        }
        for (byte x : b) {
            int v = x & 0xff;
            if (v != '\r' && v != '\n' && v != '\t' && (v < 0x20 || v > 0x7e)) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(16, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb + (b.length > 16 ? "…" : "");
    }
}
