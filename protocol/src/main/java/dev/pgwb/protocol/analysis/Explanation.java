package dev.pgwb.protocol.analysis;

import java.util.List;

/**
 * An error rule's answer: the cause found, in a short key and in words, what to do, and the frames
 * that show it (beyond the failed request and the error, which every diagnosis names).
 *
 * @param cause   a short key ({@code closed-by-close}, {@code idle-in-transaction-timeout}); "" when generic
 * @param subject the statement or portal concerned, or ""
 * @param text    what happened and why
 * @param advice  what to do about it
 * @param frames  the frames that show the cause, the causal one first
 */
record Explanation(String cause, String subject, String text, String advice, List<FrameRef> frames) {
    Explanation {
        frames = List.copyOf(frames);
    }

    static Explanation of(String cause, String subject, String text, String advice, List<FrameRef> frames) {
        return new Explanation(cause, subject == null ? "" : subject, text, advice, frames);
    }
}
