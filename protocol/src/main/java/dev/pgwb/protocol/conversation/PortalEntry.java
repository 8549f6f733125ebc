package dev.pgwb.protocol.conversation;

import dev.pgwb.protocol.message.RowField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One portal's life: the Bind that made it, its Executes and rows, and its end. */
public final class PortalEntry extends RegistryEntry<PortalEntry.State, PortalEntry> {

    public enum State {
        PENDING, OPEN,
        /** An Execute with a row limit stopped early (PortalSuspended): more rows can be fetched. */
        SUSPENDED,
        /** Run to completion (CommandComplete): executing it again returns nothing. */
        COMPLETED,
        /** Its Bind failed: it never existed. */
        FAILED,
        /** Its Bind was skipped after an earlier error: it never existed. */
        SKIPPED,
        CLOSED
    }

    private final StatementEntry statement;
    private final List<Integer> resultFormats;
    private final List<Long> executions = new ArrayList<>();
    private final List<Long> suspendedExecutions = new ArrayList<>();
    private List<RowField> describedColumns;
    private long rows;
    private int suspensions;

    PortalEntry(String name, long bindSeq, StatementEntry statement, List<Integer> resultFormats, PortalEntry previous) {
        super(name, bindSeq, State.PENDING, previous);
        this.statement = statement;
        this.resultFormats = List.copyOf(resultFormats);
    }

    public String displayName() {
        return name().isEmpty() ? "the unnamed portal" : "portal \"" + name() + "\"";
    }

    public long bindSeq() {
        return madeSeq();
    }

    /** The statement it was bound from, or null when that statement was unknown to the recording. */
    public StatementEntry statement() {
        return statement;
    }

    public List<Integer> resultFormats() {
        return resultFormats;
    }

    public List<Long> executions() {
        return Collections.unmodifiableList(executions);
    }

    /** The Executes answered by PortalSuspended (rows were left to fetch). */
    public List<Long> suspendedExecutions() {
        return Collections.unmodifiableList(suspendedExecutions);
    }

    @Override
    public boolean exists() {
        State s = state();
        return s == State.PENDING || s == State.OPEN || s == State.SUSPENDED || s == State.COMPLETED;
    }

    public long rows() {
        return rows;
    }

    public int suspensions() {
        return suspensions;
    }

    /**
     * The columns a DataRow from this portal has, with their real formats: from a Describe of the
     * portal, else the statement's description with the Bind's result formats; empty when unknown.
     */
    public List<RowField> columns() {
        if (describedColumns != null) {
            return describedColumns;
        }
        if (statement == null || statement.columns() == null) {
            return List.of();
        }
        List<RowField> cols = statement.columns();
        List<RowField> out = new ArrayList<>(cols.size());
        for (int i = 0; i < cols.size(); i++) {
            RowField f = cols.get(i);
            int format = resultFormats.isEmpty() ? 0 : resultFormats.size() == 1 ? resultFormats.get(0)
                    : i < resultFormats.size() ? resultFormats.get(i) : 0;
            out.add(new RowField(f.name(), f.tableOid(), f.columnAttribute(), f.typeOid(), f.typeSize(), f.typeModifier(), format));
        }
        return out;
    }

    void describedColumns(List<RowField> cols) {
        describedColumns = List.copyOf(cols);
    }

    void execute(long seq) {
        executions.add(seq);
    }

    void row() {
        rows++;
    }

    void open() {
        if (state() == State.PENDING) {
            state(State.OPEN);
        }
    }

    void suspended(long executeSeq) {
        suspensions++;
        suspendedExecutions.add(executeSeq);
        state(State.SUSPENDED);
    }

    void completed() {
        state(State.COMPLETED);
    }

    /** Undoes an end that never happened (its Close was skipped). */
    void reopen() {
        reopen(State.OPEN);
    }
}
