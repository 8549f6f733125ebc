package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.BackendMessage;
import dev.pgwb.protocol.message.FrontendMessage;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The message type names a script may expect: the documentation's names, as the message records carry them. */
final class MessageNames {
    private static final Set<String> ALL = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private static final java.util.Map<String, Class<?>> CLASSES = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        collect(BackendMessage.class);
        collect(FrontendMessage.class);
    }

    private MessageNames() {
    }

    private static void collect(Class<?> c) {
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                collect(sub);
            }
        } else {
            ALL.add(c.getSimpleName());
            CLASSES.putIfAbsent(c.getSimpleName(), c);
        }
    }

    static Set<String> all() {
        return ALL;
    }

    /** The message record of a type name (any case), or null. */
    static Class<?> byName(String name) {
        return CLASSES.get(name);
    }

    /** {@code Name}, or {@code Prefix*} matching at least one name. */
    static boolean isKnown(String pattern) {
        if (pattern.endsWith("*")) {
            String p = pattern.substring(0, pattern.length() - 1).toLowerCase(Locale.ROOT);
            return ALL.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).startsWith(p));
        }
        return ALL.contains(pattern);
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
