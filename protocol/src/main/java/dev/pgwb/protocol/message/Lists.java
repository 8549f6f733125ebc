package dev.pgwb.protocol.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class Lists {
    private Lists() {
    }

    /** An unmodifiable copy that, unlike {@link List#copyOf}, keeps null elements (SQL NULL values). */
    static <T> List<T> copyAllowingNulls(List<T> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
