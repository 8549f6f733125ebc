package dev.pgwb.protocol.analysis;

import java.util.Locale;

/** Durations in words for explanations: "850 ms", "1.50 s", "3 min 20 s". */
final class Durations {
    private Durations() {
    }

    static String text(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        double s = ms / 1000;
        if (s < 120) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        long whole = Math.round(s);
        return whole / 60 + " min " + whole % 60 + " s";
    }
}
