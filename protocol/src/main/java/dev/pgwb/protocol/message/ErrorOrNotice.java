package dev.pgwb.protocol.message;

import java.util.List;
import java.util.Optional;

/** ErrorResponse and NoticeResponse: a list of typed fields, each a one-byte code and a string. */
public sealed interface ErrorOrNotice extends BackendMessage permits ErrorResponse, NoticeResponse {

    List<NoticeField> fields();

    /** The first field with this code, e.g. {@code 'C'} for the SQLSTATE. */
    default Optional<String> field(char code) {
        for (NoticeField f : fields()) {
            if (f.code() == code) {
                return Optional.of(f.value());
            }
        }
        return Optional.empty();
    }

    /** The SQLSTATE ({@code C} field), or an empty string. */
    default String sqlState() {
        return field('C').orElse("");
    }

    /** The primary message ({@code M} field), or an empty string. */
    default String message() {
        return field('M').orElse("");
    }

    /** Severity, preferring the non-localized {@code V} field (9.6+) over the localized {@code S}. */
    default String severity() {
        return field('V').or(() -> field('S')).orElse("");
    }
}
