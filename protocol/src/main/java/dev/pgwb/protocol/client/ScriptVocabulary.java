package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.value.TypeOids;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;

/**
 * The words of the script language as the parser knows them, for editors: commands with their
 * usage line and argument names, message type names ({@code expect}/{@code await}) and type names
 * ({@code types=}, parameters). Read from the table the parser reads ({@link ScriptVerbs}), so
 * completion and error messages never disagree.
 */
public final class ScriptVocabulary {
    private ScriptVocabulary() {
    }

    /** Command names, in the order the documentation lists them. */
    public static Set<String> commands() {
        return ScriptVerbs.names();
    }

    /** The usage line the parser quotes in its messages ({@code parse [NAME] SQL [types=(int4, text)]}), or null for an unknown command. */
    public static String usage(String command) {
        ScriptVerbs.Verb s = ScriptVerbs.get(command.toLowerCase(Locale.ROOT));
        return s == null ? null : s.usage();
    }

    /**
     * The argument names a command takes as {@code name=value}: its positional slots (which may
     * also be named) then its named-only ones. Empty for an unknown command and for those taking
     * only free-form arguments ({@code raw}, {@code expect}).
     */
    public static List<String> arguments(String command) {
        ScriptVerbs.Verb s = ScriptVerbs.get(command.toLowerCase(Locale.ROOT));
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(s.positional());
        for (String n : s.named()) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Whether a command takes any {@code name=value} (startup parameters: {@code startup}, {@code connect}). */
    public static boolean takesAnyNamed(String command) {
        ScriptVerbs.Verb s = ScriptVerbs.get(command.toLowerCase(Locale.ROOT));
        return s != null && s.anyNamed();
    }

    /** The message type names {@code expect} and {@code await} accept, as the documentation writes them. */
    public static SortedSet<String> messageTypes() {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(MessageNames.all()));
    }

    /**
     * The fields {@code expect TYPE field=value} can check for a message type (its short names
     * such as {@code code}, {@code status}, then the message's own fields); empty for an unknown type.
     */
    public static List<String> fields(String messageType) {
        Class<?> c = MessageNames.byName(messageType);
        return c == null ? List.of() : MessageFields.names(c).stream().distinct().toList();
    }

    /** Type names accepted in {@code types=(...)} and before a parameter value ({@code int4}, {@code text[]}...). */
    public static SortedSet<String> typeNames() {
        return TypeOids.names();
    }
}
