package dev.pgwb.protocol.message;

import java.util.List;

/** Describes the columns of the rows that follow. Type byte {@code 'T'}. */
public record RowDescription(List<RowField> fields) implements BackendMessage {
    public RowDescription {
        fields = List.copyOf(fields);
    }
}
