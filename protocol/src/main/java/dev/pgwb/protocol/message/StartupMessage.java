package dev.pgwb.protocol.message;

import java.util.List;

/** The first packet of a connection: protocol version (major &lt;&lt; 16 | minor) and name/value parameters. No type byte (startup phase). */
public record StartupMessage(int protocolVersion, List<StartupParameter> parameters) implements FrontendMessage {
    public StartupMessage {
        parameters = List.copyOf(parameters);
    }
}
