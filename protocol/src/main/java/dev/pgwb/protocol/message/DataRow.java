package dev.pgwb.protocol.message;

import java.util.List;

/** One result row; a null column is SQL NULL. Type byte {@code 'D'}. */
public record DataRow(List<Bytes> columns) implements BackendMessage {
    public DataRow {
        columns = Lists.copyAllowingNulls(columns);
    }
}
