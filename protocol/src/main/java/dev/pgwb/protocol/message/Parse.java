package dev.pgwb.protocol.message;

import java.util.List;
import java.util.Objects;

/** Creates a prepared statement (empty name = the unnamed statement); parameter type OIDs, 0 = unspecified. Type byte {@code 'P'}. */
public record Parse(String statement, String query, List<Integer> parameterTypes) implements FrontendMessage {
    public Parse {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(query, "query");
        parameterTypes = List.copyOf(parameterTypes);
    }
}
