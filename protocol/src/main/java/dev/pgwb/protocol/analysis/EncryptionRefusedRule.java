package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import java.util.List;

/**
 * The client asked for TLS (or GSSAPI encryption), the server answered 'N', and the client hung up
 * without a StartupMessage: it requires encryption (sslmode=require or stronger, gssencmode=require)
 * and the server has none.
 */
final class EncryptionRefusedRule implements WarningRule {
    @Override
    public void find(SessionFacts session, Conversation c, List<Diagnosis> out) {
        if (c.negotiations().isEmpty() || c.startupSeq() >= 0) {
            return;
        }
        Conversation.Negotiation n = c.negotiations().get(c.negotiations().size() - 1);
        if (n.answer() != 'N' || c.lastFrontendSeq() > n.requestSeq()) {
            return;
        }
        boolean ssl = n.kind().equals("SSL");
        String request = ssl ? "SSLRequest" : "GSSENCRequest";
        out.add(new Diagnosis(Diagnosis.Severity.WARNING, ssl ? "ssl-refused" : "gssenc-refused", "client-hung-up", c.connectionId(),
                n.responseSeq(), "", List.of(new FrameRef(c.connectionId(), n.requestSeq(), request),
                new FrameRef(c.connectionId(), n.responseSeq(), "'N': refused")),
                "The client asked for " + (ssl ? "TLS" : "GSSAPI encryption") + " (" + request + " at #" + n.requestSeq()
                        + "), the server refused ('N' at #" + n.responseSeq() + ": " + (ssl ? "ssl = off, or no certificate "
                        + "configured" : "no GSSAPI support or keytab") + "), and the client hung up without logging in: it requires "
                        + "encryption (" + (ssl ? "sslmode=require, verify-ca or verify-full; psql says \"server does not support SSL, "
                        + "but SSL was required\"" : "gssencmode=require") + ").",
                ssl ? "Enable TLS on the server (ssl = on with ssl_cert_file and ssl_key_file), or let the client connect without "
                        + "it (sslmode=prefer or disable) where the network is trusted."
                        : "Configure GSSAPI on the server, or use gssencmode=prefer."));
    }
}
