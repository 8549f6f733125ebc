package dev.pgwb.protocol.message;

import java.util.Objects;

/** A NOTIFY delivered to this session. Type byte {@code 'A'}. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
    public NotificationResponse {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }
}
