package dev.pgwb.protocol.conversation;

import java.util.Arrays;

/**
 * One long per frame of a connection, indexed by the frame's seq (dense from 0), -1 where unset:
 * 8 bytes a frame instead of a boxed map entry's ~80, for sessions of millions of DataRows.
 */
public final class SeqColumn {
    private long[] values = new long[64];
    private int size;

    public void set(long seq, long value) {
        if (seq < 0 || seq > Integer.MAX_VALUE - 8) {
            return;
        }
        int i = (int) seq;
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

    /** The value at {@code seq}, or -1. */
    public long get(long seq) {
        return seq >= 0 && seq < size ? values[(int) seq] : -1;
    }

    public void clear() {
        size = 0;
    }
}
