package dev.pgwb.protocol.message;

import java.util.List;

/** A notice or warning, as typed fields. Type byte {@code 'N'}. */
public record NoticeResponse(List<NoticeField> fields) implements ErrorOrNotice {
    public NoticeResponse {
        fields = List.copyOf(fields);
    }
}
