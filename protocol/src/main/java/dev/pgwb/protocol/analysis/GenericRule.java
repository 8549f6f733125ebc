package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.message.Parse;
import java.util.List;

/** Any other error: the failed request, the server's message, detail and hint. Always answers. */
final class GenericRule implements ErrorRule {
    @Override
    public Explanation explain(ErrorCase e) {
        String detail = e.field('D').isEmpty() ? "" : " Detail: " + e.field('D');
        String hint = e.field('H');
        String what = e.failed == null ? "The server reported" : "The " + e.failed.typeName() + " at #" + e.failed.seq() + " failed";
        String extra = e.failed != null && e.failed.message() instanceof Parse p ? " (statement "
                + (p.statement().isEmpty() ? "unnamed" : "\"" + p.statement() + "\"") + ")" : "";
        return Explanation.of("", "", what + extra + " with " + e.code() + ": " + e.message() + "." + detail,
                hint.isEmpty() ? "See the SQLSTATE and message; the frames named show the request that caused it." : hint, List.of());
    }
}
