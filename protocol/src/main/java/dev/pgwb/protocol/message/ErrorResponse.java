package dev.pgwb.protocol.message;

import java.util.List;

/** An error, as typed fields (severity, SQLSTATE code, message, ...). Type byte {@code 'E'}. */
public record ErrorResponse(List<NoticeField> fields) implements ErrorOrNotice {
    public ErrorResponse {
        fields = List.copyOf(fields);
    }
}
