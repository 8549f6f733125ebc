package dev.pgwb.protocol.message;

import java.util.List;

/** COPY TO STDOUT data follows. Type byte {@code 'H'}. */
public record CopyOutResponse(int overallFormat, List<Integer> columnFormats) implements BackendMessage {
    public CopyOutResponse {
        columnFormats = List.copyOf(columnFormats);
    }
}
