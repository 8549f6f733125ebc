package dev.pgwb.protocol.client;

import java.util.List;
import java.util.Map;

/**
 * A parsed script: one {@link Step} per command line. Values stay as written (with their
 * {@code ${variables}}) until the step runs, since variables take values from the server's replies.
 */
public record Script(List<Step> steps) {
    public Script {
        steps = List.copyOf(steps);
    }

    /** One command line. */
    public record Step(int line, String command, Map<String, Arg> args, List<Arg> extra, String text) {
        public Step {
            args = Map.copyOf(args);
            extra = List.copyOf(extra);
        }

        public Arg arg(String name) {
            return args.get(name);
        }

        public boolean has(String name) {
            return args.containsKey(name);
        }
    }

    /**
     * One argument: {@code name=value}, {@code name~value} (contains, in expect), or a positional
     * value (name null until the parser names it).
     */
    public record Arg(String name, char op, Value value, int column) {
    }

    /** A value as written. */
    public sealed interface Value permits Text, ListValue {
        int column();
    }

    /**
     * A word or a string. {@code quoted} tells {@code "x"}/{@code 'x'} from a bare word;
     * {@code interpolate} is false for single-quoted strings, which are taken literally.
     */
    public record Text(String text, boolean quoted, boolean interpolate, int column) implements Value {
    }

    /** {@code (a b, c d)}: items separated by commas, each item one or more words or strings. */
    public record ListValue(List<List<Text>> items, int column) implements Value {
        public ListValue {
            items = items.stream().map(List::copyOf).toList();
        }
    }
}
