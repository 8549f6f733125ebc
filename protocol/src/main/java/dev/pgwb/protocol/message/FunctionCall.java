package dev.pgwb.protocol.message;

import java.util.List;

/** Fast-path function call (legacy). Type byte {@code 'F'}. */
public record FunctionCall(int functionOid, List<Integer> argumentFormats, List<Bytes> arguments, int resultFormat) implements FrontendMessage {
    public FunctionCall {
        argumentFormats = List.copyOf(argumentFormats);
        arguments = Lists.copyAllowingNulls(arguments);
    }
}
