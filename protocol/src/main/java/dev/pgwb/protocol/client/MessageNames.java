package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageType;
import dev.pgwb.protocol.codec.MessageTypes;
import java.util.Locale;
import java.util.Set;

/** The message type names a script may expect: the documentation's names, as the registry of message types holds them. */
final class MessageNames {

    private MessageNames() {
    }

    static Set<String> all() {
        return MessageTypes.standard().names();
    }

    /** The message record of a type name (any case), or null. */
    static Class<?> byName(String name) {
        MessageType t = MessageTypes.standard().named(name);
        return t == null ? null : t.record();
    }

    /** {@code Name}, or {@code Prefix*} matching at least one name. */
    static boolean isKnown(String pattern) {
        if (pattern.endsWith("*")) {
            String p = pattern.substring(0, pattern.length() - 1).toLowerCase(Locale.ROOT);
            return all().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).startsWith(p));
        }
        return all().contains(pattern);
    }

    static boolean matches(String pattern, Decoded d) {
        String name = d.message().typeName();
        String doc = d.typeName();
        if (pattern.endsWith("*")) {
            String p = pattern.substring(0, pattern.length() - 1).toLowerCase(Locale.ROOT);
            return name.toLowerCase(Locale.ROOT).startsWith(p) || doc.toLowerCase(Locale.ROOT).startsWith(p);
        }
        return name.equalsIgnoreCase(pattern) || doc.equalsIgnoreCase(pattern);
    }
}
