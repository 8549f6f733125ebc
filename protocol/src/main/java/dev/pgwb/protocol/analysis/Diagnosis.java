package dev.pgwb.protocol.analysis;

import java.util.List;
import java.util.Objects;

/**
 * A plain-language explanation of an error or of a suspicious pattern, naming the frames involved.
 *
 * @param severity    ERROR for an ErrorResponse explained, WARNING for a pattern without one (or before one)
 * @param code        the SQLSTATE for errors; for warnings a short key such as {@code execute-without-sync}
 * @param cause       a short key for the cause found, e.g. {@code closed-by-close}, {@code parse-failed}; "" when generic
 * @param connection  the connection the diagnosed frame belongs to
 * @param seq         the frame the diagnosis is about (the ErrorResponse, or the suspicious message)
 * @param subject     the statement or portal name concerned, or "" when none
 * @param frames      the frames involved, the diagnosed one included
 * @param explanation what happened and why
 * @param advice      what to do about it
 */
public record Diagnosis(Severity severity, String code, String cause, int connection, long seq, String subject,
                        List<FrameRef> frames, String explanation, String advice) {

    public enum Severity { ERROR, WARNING }

    public Diagnosis {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(subject, "subject");
        frames = List.copyOf(frames);
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(advice, "advice");
    }

    /** The sequence numbers of the frames named on {@code conn}, in the order given. */
    public List<Long> seqsOn(int conn) {
        return frames.stream().filter(f -> f.connection() == conn).map(FrameRef::seq).toList();
    }
}
