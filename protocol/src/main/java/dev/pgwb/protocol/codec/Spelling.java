package dev.pgwb.protocol.codec;

import java.util.Locale;

/** "Did you mean ...?" for what people type (script commands, filter words): the known word nearest a misspelling. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * The first of {@code known} nearest to {@code word}, case ignored, when it is at most
     * {@code maxDistance} edits away; else null.
     */
    public static String nearest(String word, Iterable<String> known, int maxDistance) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The Levenshtein distance: single-character insertions, deletions and substitutions from {@code a} to {@code b}. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
