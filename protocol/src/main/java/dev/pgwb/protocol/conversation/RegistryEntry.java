package dev.pgwb.protocol.conversation;

/**
 * What a prepared statement and a portal share: a name, the frame that made it, the frame that ended
 * it (and how), the error that made it never exist, the entry of the same name it shadowed, and a
 * state of its own kind. One lifecycle, kept by {@link StatementRegistry}.
 *
 * @param <S> the kind's states
 * @param <E> the kind itself
 */
public abstract sealed class RegistryEntry<S extends Enum<S>, E extends RegistryEntry<S, E>> permits StatementEntry, PortalEntry {
    private final String name;
    private final long madeSeq;
    private S state;
    private long endSeq = -1;
    private String endCause = "";
    private long errorSeq = -1;
    /** The entry this one shadowed when made: the name's meaning again if this one never takes effect. */
    final E previous;

    RegistryEntry(String name, long madeSeq, S state, E previous) {
        this.name = name;
        this.madeSeq = madeSeq;
        this.state = state;
        this.previous = previous;
    }

    /** "" is the unnamed one. */
    public String name() {
        return name;
    }

    /** The frame that made it (a Parse, a Query's PREPARE, a Bind), or -1 when made before the recording began. */
    long madeSeq() {
        return madeSeq;
    }

    public S state() {
        return state;
    }

    /** True while the server knows it (pending included). */
    public abstract boolean exists();

    /** The frame that ended it, or -1. */
    public long endSeq() {
        return endSeq;
    }

    /** How it ended ("Close", "DISCARD ALL", "transaction end"...); "" while alive. */
    public String endCause() {
        return endCause;
    }

    /** The ErrorResponse that failed the message that made it, or the one that made the server skip it; else -1. */
    public long errorSeq() {
        return errorSeq;
    }

    /** The last frame of its life: its end, its error, or the frame that made it. */
    long lastSeq() {
        return Math.max(endSeq, Math.max(errorSeq, madeSeq));
    }

    void state(S newState) {
        state = newState;
    }

    void end(S newState, long seq, String cause) {
        state = newState;
        endSeq = seq;
        endCause = cause;
    }

    void failed(S newState, long error) {
        state = newState;
        errorSeq = error;
    }

    /** Undoes an end that never happened (its Close was skipped): alive again. */
    abstract void reopen();

    void reopen(S alive) {
        state = alive;
        endSeq = -1;
        endCause = "";
    }

    abstract String displayName();

    @Override
    public String toString() {
        return displayName() + " " + state + " made #" + madeSeq + (endSeq >= 0 ? " ended #" + endSeq + " by " + endCause : "");
    }
}
