package dev.pgwb.protocol.conversation;

import dev.pgwb.protocol.message.RowField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One prepared statement's life: the Parse (or SQL PREPARE) that made it, its descriptions, uses and end. */
public final class StatementEntry extends RegistryEntry<StatementEntry.State, StatementEntry> {

    public enum State {
        /** Parse sent, ParseComplete not seen yet. */
        PENDING,
        ACTIVE,
        /** Its Parse failed: it never existed. */
        FAILED,
        /** Its Parse was skipped after an earlier error: it never existed. */
        SKIPPED,
        CLOSED
    }

    private final String query;
    private final List<Integer> declaredTypes;
    private final boolean fromSql;
    private final List<Long> uses = new ArrayList<>();
    private List<Integer> describedTypes;
    private List<RowField> columns;

    StatementEntry(String name, long parseSeq, String query, List<Integer> declaredTypes, boolean fromSql, StatementEntry previous) {
        super(name, parseSeq, State.PENDING, previous);
        this.query = query;
        this.declaredTypes = List.copyOf(declaredTypes);
        this.fromSql = fromSql;
    }

    /** Shown name: {@code "S_1"} or {@code unnamed}. */
    public String displayName() {
        return name().isEmpty() ? "the unnamed statement" : "statement \"" + name() + "\"";
    }

    /** The Parse (or the Query whose PREPARE made it). */
    public long parseSeq() {
        return madeSeq();
    }

    public String query() {
        return query;
    }

    /** True when made by SQL {@code PREPARE} in a Query rather than by Parse. */
    public boolean fromSql() {
        return fromSql;
    }

    /** Parameter type OIDs as the Parse gave them (0 = let the server infer). */
    public List<Integer> declaredTypes() {
        return declaredTypes;
    }

    /** Parameter types from a ParameterDescription, or null when never described. */
    public List<Integer> describedTypes() {
        return describedTypes;
    }

    /** The best known parameter types: described when known, else declared. */
    public List<Integer> parameterTypes() {
        return describedTypes != null ? describedTypes : declaredTypes;
    }

    /** Result columns from a Describe of the statement (formats not yet known); empty for NoData; null when never described. */
    public List<RowField> columns() {
        return columns;
    }

    /** Every Bind, Describe and Close that named it. */
    public List<Long> uses() {
        return Collections.unmodifiableList(uses);
    }

    @Override
    public boolean exists() {
        return state() == State.PENDING || state() == State.ACTIVE;
    }

    void described(List<Integer> types) {
        describedTypes = List.copyOf(types);
    }

    void columns(List<RowField> cols) {
        columns = List.copyOf(cols);
    }

    void use(long seq) {
        uses.add(seq);
    }

    void activate() {
        if (state() == State.PENDING) {
            state(State.ACTIVE);
        }
    }

    /** Undoes an end that never happened (its Close was skipped). */
    void reopen() {
        reopen(State.ACTIVE);
    }
}
