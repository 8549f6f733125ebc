package dev.pgwb.protocol.message;

import java.util.Objects;

/** Runs a portal; maxRows 0 = no limit. Type byte {@code 'E'}. */
public record Execute(String portal, int maxRows) implements FrontendMessage {
    public Execute {
        Objects.requireNonNull(portal, "portal");
    }
}
