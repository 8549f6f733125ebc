package dev.pgwb.protocol.message;

import java.util.Objects;

/** Simple query: one or more SQL statements. Type byte {@code 'Q'}. */
public record Query(String sql) implements FrontendMessage {
    public Query {
        Objects.requireNonNull(sql, "sql");
    }
}
