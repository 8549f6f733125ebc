package dev.pgwb.app.ui.timeline;

import dev.pgwb.app.ui.Texts;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.session.SessionStore;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import javax.swing.SwingUtilities;
import javax.swing.table.AbstractTableModel;

/**
 * The timeline table's model: reads rows from a {@link TimelineIndex} by position, decodes only
 * the rows the table asks for (cached), and takes the index's updates in batches on the EDT — at
 * most one pending hand-over at a time, however fast frames arrive.
 */
public final class TimelineModel extends AbstractTableModel {
    public static final int COL_SEQ = 0;
    public static final int COL_TIME = 1;
    public static final int COL_DELTA = 2;
    public static final int COL_DIR = 3;
    public static final int COL_CONN = 4;
    public static final int COL_TYPE = 5;
    public static final int COL_LENGTH = 6;
    public static final int COL_REPLY = 7;
    /** Last, as Wireshark's Info column: it takes whatever width is left. */
    public static final int COL_SUMMARY = 8;
    private static final String[] KEYS = {"col.seq", "col.time", "col.delta", "col.dir", "col.conn", "col.type",
        "col.length", "col.reply", "col.summary"};
    private static final int CACHE = 4096;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private TimelineIndex index;
    private int[] rows;          // null: every indexed row, in order
    private int rowCount;
    private int shownGeneration;
    private boolean relativeTime;
    private Runnable afterUpdate = () -> { };
    private LongConsumer progress = n -> { };
    private final Map<Integer, Decoded> cache = new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Decoded> e) {
            return size() > CACHE;
        }
    };

    // hand-over from the index worker to the EDT
    private final AtomicBoolean indexedPending = new AtomicBoolean();
    private final Object appendLock = new Object();
    private int[] appended = new int[256];
    private int appendedCount;
    private int appendedGeneration;
    private TimelineIndex appendedBy; // generations count per index: the pair names a filter result
    private final AtomicBoolean appendPending = new AtomicBoolean();

    /** Shows {@code store} (null: nothing) with an analysis of its own; the old index is closed. Returns the new index. */
    public TimelineIndex show(SessionStore store) {
        return show(store, null);
    }

    /**
     * Shows {@code store} (null: nothing) through the session's analysis (null: one of its own); the
     * old index is closed. Returns the new index.
     */
    public TimelineIndex show(SessionStore store, dev.pgwb.protocol.analysis.SessionAnalysis analysis) {
        if (index != null) {
            index.close();
        }
        cache.clear();
        rows = null;
        rowCount = 0;
        shownGeneration = 0;
        synchronized (appendLock) {
            appendedCount = 0;
        }
        Told told = new Told();
        index = store == null ? null : analysis == null ? new TimelineIndex(store, told) : new TimelineIndex(analysis, store, told);
        told.from = index; // before start: nothing is told before it
        fireTableDataChanged();
        if (index != null) {
            index.start();
        }
        return index;
    }

    /** What one index tells, with the index it comes from: a closed index may still be finishing a batch. */
    private final class Told implements TimelineIndex.Listener {
        TimelineIndex from;

        @Override
        public void indexed(long indexedCount, long storeCount) {
            TimelineModel.this.indexed();
        }

        @Override
        public void filtered(int generation, int[] rows, int count, boolean replaced) {
            TimelineModel.this.filtered(from, generation, rows, count, replaced);
        }
    }

    public TimelineIndex index() {
        return index;
    }

    /** Runs on the EDT after each batch of new rows or a new filter result (the table follows the tail there). */
    public void onUpdate(Runnable r) {
        afterUpdate = r;
    }

    /** Told on the EDT how many rows are indexed so far (for the loading progress bar). */
    public void onProgress(LongConsumer c) {
        progress = c;
    }

    public void setFilter(Filter f) {
        if (index != null) {
            index.setFilter(f);
        }
    }

    public void setRelativeTime(boolean relative) {
        relativeTime = relative;
        fireTableChanged(new javax.swing.event.TableModelEvent(this, 0, Integer.MAX_VALUE, COL_TIME));
    }

    // ------------------------------------------------------------------ from the index worker

    private void indexed() {
        if (indexedPending.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                indexedPending.set(false);
                if (index == null) {
                    return;
                }
                // read the index shown now: an update of the index shown before must not be lost for this one
                int n = (int) index.count();
                progress.accept(n);
                if (rows == null && n > rowCount) {
                    int old = rowCount;
                    rowCount = n;
                    fireTableRowsInserted(old, n - 1);
                    afterUpdate.run();
                }
            });
        }
    }

    private void filtered(TimelineIndex at, int generation, int[] matches, int count, boolean replaced) {
        if (replaced) {
            int[] copy = matches == null ? null : Arrays.copyOf(matches, count);
            SwingUtilities.invokeLater(() -> {
                if (at != index || generation != index.filterGeneration()) {
                    return;
                }
                // Rows this filter matched after its pass over the index came in meanwhile: they follow it.
                int[] later;
                synchronized (appendLock) {
                    later = appendedBy == at && appendedGeneration == generation ? Arrays.copyOf(appended, appendedCount) : new int[0];
                    appendedCount = 0;
                    appendedGeneration = generation;
                    appendedBy = at;
                }
                shownGeneration = generation;
                if (copy != null && later.length > 0) {
                    int[] all = Arrays.copyOf(copy, copy.length + later.length);
                    System.arraycopy(later, 0, all, copy.length, later.length);
                    rows = all;
                } else {
                    rows = copy;
                }
                // every row: as many as are indexed now (rows indexed since the filter ran have been told separately)
                rowCount = rows == null ? Math.max(count, (int) index.count()) : rows.length;
                fireTableDataChanged();
                afterUpdate.run();
            });
            return;
        }
        synchronized (appendLock) {
            if (generation != appendedGeneration || at != appendedBy) {
                appendedCount = 0;
                appendedGeneration = generation;
                appendedBy = at;
            }
            if (appendedCount + count > appended.length) {
                appended = Arrays.copyOf(appended, Math.max(appended.length * 2, appendedCount + count));
            }
            System.arraycopy(matches, 0, appended, appendedCount, count);
            appendedCount += count;
        }
        if (appendPending.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                appendPending.set(false);
                if (at != index) {
                    return;
                }
                int[] add;
                synchronized (appendLock) {
                    if (appendedBy != at || appendedGeneration != shownGeneration || rows == null) {
                        if (appendedBy != at || appendedGeneration != index.filterGeneration()) {
                            appendedCount = 0; // a replaced filter's
                        }
                        return; // else the current filter's result is still on its way, and takes them along
                    }
                    add = Arrays.copyOf(appended, appendedCount);
                    appendedCount = 0;
                }
                int old = rowCount;
                int[] grown = Arrays.copyOf(rows, old + add.length);
                System.arraycopy(add, 0, grown, old, add.length);
                rows = grown;
                rowCount = grown.length;
                fireTableRowsInserted(old, rowCount - 1);
                afterUpdate.run();
            });
        }
    }

    // ------------------------------------------------------------------ table model (EDT)

    /** The session frame index shown at table row {@code viewRow}. */
    public int frameAt(int viewRow) {
        return rows == null ? viewRow : rows[viewRow];
    }

    /** The table row showing frame {@code frame}, or -1 when the filter hides it. */
    public int rowOf(int frame) {
        if (rows == null) {
            return frame < rowCount ? frame : -1;
        }
        int i = Arrays.binarySearch(rows, 0, rowCount, frame);
        return i >= 0 ? i : -1;
    }

    /** The decoded message of a frame, from the cache or decoded now (with the rest of its block). */
    public Decoded decoded(int frame) {
        Decoded d = cache.get(frame);
        if (d == null) {
            Map<Integer, Decoded> block = index.decodeBlock(frame);
            cache.putAll(block);
            d = block.get(frame);
        }
        return d;
    }

    @Override
    public int getRowCount() {
        return rowCount;
    }

    @Override
    public int getColumnCount() {
        return KEYS.length;
    }

    @Override
    public String getColumnName(int column) {
        return Texts.get(KEYS[column]);
    }

    @Override
    public Class<?> getColumnClass(int column) {
        return column == COL_SEQ || column == COL_CONN || column == COL_LENGTH ? Long.class : String.class;
    }

    @Override
    public Object getValueAt(int viewRow, int column) {
        int f = frameAt(viewRow);
        return switch (column) {
            case COL_SEQ -> (long) f + 1;
            case COL_TIME -> time(f);
            case COL_DELTA -> viewRow == 0 ? "" : millis(index.timeNanos(f) - index.timeNanos(frameAt(viewRow - 1)));
            case COL_DIR -> index.direction(f) == dev.pgwb.protocol.wire.Direction.FRONTEND ? "→" : "←";
            case COL_CONN -> (long) index.connectionId(f);
            case COL_TYPE -> index.typeName(f);
            case COL_SUMMARY -> summary(f);
            case COL_LENGTH -> (long) index.length(f);
            case COL_REPLY -> {
                long us = index.replyMicros(f);
                yield us < 0 ? "" : millis(us * 1000);
            }
            default -> "";
        };
    }

    private String summary(int frame) {
        Decoded d = decoded(frame);
        String s = MessageSummary.of(d);
        if (!d.problems().isEmpty()) {
            s = "⚠ " + d.problems().get(0) + (s.isEmpty() ? "" : "  " + s);
        }
        return s;
    }

    private String time(int frame) {
        long t = index.timeNanos(frame);
        if (relativeTime) {
            return String.format("%.3f", (t - index.timeNanos(0)) / 1e9);
        }
        return CLOCK.format(Instant.ofEpochSecond(0, t));
    }

    static String millis(long nanos) {
        if (nanos < 1_000_000) {
            return String.format("%.3f ms", nanos / 1e6);
        }
        if (nanos < 10_000_000_000L) {
            return String.format("%.1f ms", nanos / 1e6);
        }
        return String.format("%.1f s", nanos / 1e9);
    }

    public boolean isError(int frame) {
        return index.isError(frame);
    }

    public boolean hasProblems(int frame) {
        return index.hasProblems(frame);
    }
}
