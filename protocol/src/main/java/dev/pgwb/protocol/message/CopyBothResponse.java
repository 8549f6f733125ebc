package dev.pgwb.protocol.message;

import java.util.List;

/** Both-way COPY begins (streaming replication). Type byte {@code 'W'}. */
public record CopyBothResponse(int overallFormat, List<Integer> columnFormats) implements BackendMessage {
    public CopyBothResponse {
        columnFormats = List.copyOf(columnFormats);
    }
}
