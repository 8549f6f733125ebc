package dev.pgwb.protocol.codec;

import java.util.Optional;

/**
 * A SQLSTATE code with its condition name and class, from PostgreSQL's errcodes list
 * (e.g. {@code 26000} is {@code invalid_sql_statement_name} in class 26 "Invalid SQL Statement Name").
 */
public record SqlState(String code, String conditionName, String classCode, String className) {

    public static Optional<SqlState> lookup(String code) {
        return Optional.empty();
    }

    /** "26000 invalid_sql_statement_name (class 26: Invalid SQL Statement Name)" or the bare code. */
    public static String describe(String code) {
        return lookup(code).map(s -> s.code + " " + s.conditionName + " (class " + s.classCode + ": " + s.className + ")")
                .orElse(code);
    }
}
