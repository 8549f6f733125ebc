package dev.pgwb.protocol.message;

import java.util.List;

/** Parameter type OIDs of a described statement. Type byte {@code 't'}. */
public record ParameterDescription(List<Integer> parameterTypes) implements BackendMessage {
    public ParameterDescription {
        parameterTypes = List.copyOf(parameterTypes);
    }
}
