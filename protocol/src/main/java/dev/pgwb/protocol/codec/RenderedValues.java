package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.FunctionCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of a Bind, DataRow or FunctionCall as the decoder rendered them by type (a value's
 * group node holds Length, then Value): {@code 42}, {@code {1,2,3}}, a binary uuid as its text; hex
 * when the type is not known; null for SQL NULL. The one rendering of values: JSON Lines'
 * {@code values}, the text printer's {@code values:} line and the one-line summary of a decoded Bind
 * ({@link MessageSummary#of(Decoded)}) all read it here.
 */
public final class RenderedValues {
    private RenderedValues() {
    }

    public static boolean hasValues(Decoded d) {
        return d.message() instanceof Bind || d.message() instanceof DataRow || d.message() instanceof FunctionCall;
    }

    /** Each value as rendered, in order; null for SQL NULL; empty for other messages. */
    public static List<String> of(Decoded d) {
        List<String> out = new ArrayList<>();
        if (!hasValues(d)) {
            return out;
        }
        for (FieldNode f : d.fields()) {
            List<FieldNode> c = f.children();
            if (!c.isEmpty() && c.get(0).name().equals("Length")
                    && (f.name().startsWith("Parameter ") || f.name().startsWith("Column ") || f.name().startsWith("Argument "))) {
                out.add(c.size() > 1 ? c.get(1).value() : null);
            }
        }
        return out;
    }
}
