package dev.pgwb.protocol.message;

import java.util.List;
import java.util.Objects;

/** Creates a portal from a prepared statement with parameter values (null = SQL NULL) and format codes. Type byte {@code 'B'}. */
public record Bind(String portal, String statement, List<Integer> parameterFormats, List<Bytes> parameters, List<Integer> resultFormats) implements FrontendMessage {
    public Bind {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(statement, "statement");
        parameterFormats = List.copyOf(parameterFormats);
        parameters = Lists.copyAllowingNulls(parameters);
        resultFormats = List.copyOf(resultFormats);
    }
}
