package dev.pgwb.protocol.filter;

import java.util.function.Predicate;

/**
 * A compiled filter (see {@code docs/filter.md}). {@link #needsDecoding()} says whether it reads
 * message content (statement names, field keys, free text), which costs a decode per row; the
 * others run on an index alone (the timeline's).
 */
public interface Filter extends Predicate<RowFacts> {
    Filter ALL = new Filter() {
        @Override
        public boolean test(RowFacts r) {
            return true;
        }

        @Override
        public boolean needsDecoding() {
            return false;
        }

        @Override
        public String toString() {
            return "all";
        }
    };

    boolean needsDecoding();

    static Filter of(boolean needsDecoding, Predicate<RowFacts> p, String description) {
        return new Filter() {
            @Override
            public boolean test(RowFacts r) {
                return p.test(r);
            }

            @Override
            public boolean needsDecoding() {
                return needsDecoding;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    static Filter and(Filter a, Filter b) {
        if (a == ALL) {
            return b;
        }
        if (b == ALL) {
            return a;
        }
        return of(a.needsDecoding() || b.needsDecoding(), r -> a.test(r) && b.test(r), "(" + a + " & " + b + ")");
    }

    static Filter or(Filter a, Filter b) {
        return of(a.needsDecoding() || b.needsDecoding(), r -> a.test(r) || b.test(r), "(" + a + " | " + b + ")");
    }

    static Filter not(Filter a) {
        return of(a.needsDecoding(), r -> !a.test(r), "!" + a);
    }
}
