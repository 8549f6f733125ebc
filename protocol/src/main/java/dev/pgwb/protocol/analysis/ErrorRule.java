package dev.pgwb.protocol.analysis;

/**
 * One diagnosis rule for errors, with one job: it explains the ErrorResponses it knows and declines
 * the rest. {@link DiagnosisRules} asks the rules in order; the first explanation wins.
 */
interface ErrorRule {
    /** This rule's explanation of the error, or null when the error is not one it explains. */
    Explanation explain(ErrorCase error);
}
