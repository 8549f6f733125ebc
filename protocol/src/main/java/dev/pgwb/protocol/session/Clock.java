package dev.pgwb.protocol.session;

/** Epoch nanoseconds with nanosecond resolution between calls (wall clock at start + monotonic elapsed). */
public final class Clock {
    private static final long BASE_EPOCH_NANOS = System.currentTimeMillis() * 1_000_000L;
    private static final long BASE_MONO = System.nanoTime();

    private Clock() {
    }

    public static long nanos() {
        return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_MONO);
    }
}
