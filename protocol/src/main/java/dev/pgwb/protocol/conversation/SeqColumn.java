package dev.pgwb.protocol.conversation;

import java.util.Arrays;

/**
 * One long per frame of a connection, indexed by the frame's seq (dense from 0), -1 where unset:
 * 8 bytes a frame instead of a boxed map entry's ~80, for sessions of millions of DataRows. The
 * values before a seq can be forgotten ({@link #forgetBefore}), so that a column that follows a
 * connection for days keeps only its recent part.
 */
public final class SeqColumn {
    private long[] values = new long[64];
    /** The seq of {@code values[0]}. */
    private long base;
    private int size;

    public void set(long seq, long value) {
        long at = seq - base;
        if (at < 0 || at > Integer.MAX_VALUE - 8) {
            return;
        }
        int i = (int) at;
        if (i >= values.length) {
            int n = Math.max(values.length * 2, i + 1);
            long[] grown = Arrays.copyOf(values, n);
            Arrays.fill(grown, values.length, n, -1);
            values = grown;
        }
        if (i >= size) {
            Arrays.fill(values, size, i, -1);
            size = i + 1;
        }
        values[i] = value;
    }

    /** The value at {@code seq}, or -1 (also for a seq forgotten). */
    public long get(long seq) {
        long at = seq - base;
        return at >= 0 && at < size ? values[(int) at] : -1;
    }

    /** Forgets the values of every seq before {@code seq}. */
    public void forgetBefore(long seq) {
        long drop = Math.min(seq - base, size);
        if (drop <= 0) {
            return;
        }
        int keep = size - (int) drop;
        long[] kept = new long[Math.max(64, Integer.highestOneBit(Math.max(1, keep)) * 2)];
        Arrays.fill(kept, -1);
        System.arraycopy(values, (int) drop, kept, 0, keep);
        values = kept;
        base += drop;
        size = keep;
    }

    public void clear() {
        size = 0;
    }
}
