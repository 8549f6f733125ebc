package dev.pgwb.protocol.message;

import java.util.List;

/** The server is ready for COPY FROM STDIN data. Type byte {@code 'G'}. */
public record CopyInResponse(int overallFormat, List<Integer> columnFormats) implements BackendMessage {
    public CopyInResponse {
        columnFormats = List.copyOf(columnFormats);
    }
}
