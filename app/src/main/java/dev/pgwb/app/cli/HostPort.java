package dev.pgwb.app.cli;

import picocli.CommandLine;

/** {@code host:port}, {@code [v6::addr]:port} or {@code :port}, as relay options take them. */
record HostPort(String host, int port) {

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    static HostPort parse(String text, String defaultHost) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new CommandLine.TypeConversionException("'" + text + "' is not [address]:port");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new CommandLine.TypeConversionException("'" + text + "' has no port: say host:port");
            }
            host = colon == 0 ? defaultHost : text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, p);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + port + "' is not a port number (0-65535)");
        }
    }

    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return parse(value, "127.0.0.1");
        }
    }
}
