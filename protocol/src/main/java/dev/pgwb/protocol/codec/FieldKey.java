package dev.pgwb.protocol.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * Stable keys of decoded fields, in the manner of Wireshark's {@code pgsql.query}: a field's
 * display name may be reworded, its key stays. The filter language ({@code pg.statement:S_1}), JSON
 * Lines ({@code "keys"}) and anything else that picks fields out of a message use these keys; the
 * field tree carries them ({@link FieldNode#key()}, with the plain value in {@link FieldNode#raw()}).
 *
 * <p>A field's plain value: a string as it is, without quotes; a number in decimal; a one-byte code
 * as its character ({@code I}, {@code S}). docs/fields.md lists the keys with the messages that
 * carry each, generated from this list and the message vectors ({@code FieldKeysTest}).
 */
public enum FieldKey {
    TYPE("pg.type", "the type byte, as its character"),
    LENGTH("pg.length", "the Int32 length of the message (after the type byte, or first in a start-up packet)"),

    REQUEST_CODE("pg.request_code", "the request code of a start-up packet that is not a StartupMessage"),
    PROTOCOL_VERSION("pg.protocol_version", "the protocol version a StartupMessage asks for, as `3.0` or `3.2`"),
    PARAMETER_NAME("pg.parameter_name", "a run-time parameter's name"),
    PARAMETER_VALUE("pg.parameter_value", "a run-time parameter's value"),
    PID("pg.pid", "a backend's process ID"),
    AUTH_TYPE("pg.auth_type", "the Authentication request code: 0 Ok, 3 cleartext, 5 MD5, 10 SASL, 11 SASL continue, 12 SASL final..."),
    SASL_MECHANISM("pg.sasl_mechanism", "a SASL mechanism the server offers, or the one the client chose"),
    NEWEST_VERSION("pg.newest_version", "the newest protocol version the server supports, as `3.2`"),
    UNRECOGNIZED_OPTION("pg.unrecognized_option", "a protocol option (`_pq_.…`) the server did not recognise"),

    QUERY("pg.query", "SQL text"),
    STATEMENT("pg.statement", "a prepared statement's name (empty for the unnamed statement)"),
    PORTAL("pg.portal", "a portal's name (empty for the unnamed portal)"),
    TARGET("pg.target", "what a Describe or Close names: `S` a statement, `P` a portal"),
    PARAM_TYPE("pg.param.type", "a parameter's type OID (0: unspecified)"),
    PARAM_FORMAT("pg.param.format", "a parameter format code: 0 text, 1 binary"),
    PARAM_VALUE("pg.param.value", "a parameter's value, rendered by type as in `values`; no plain value for NULL"),
    RESULT_FORMAT("pg.result.format", "a result column format code: 0 text, 1 binary"),
    MAX_ROWS("pg.max_rows", "the most rows an Execute may return, 0 for no limit"),

    COLUMN_COUNT("pg.col.count", "the number of columns of a RowDescription or DataRow"),
    COLUMN_NAME("pg.col.name", "a result column's name"),
    COLUMN_TABLE_OID("pg.col.table_oid", "the OID of a result column's table, 0 when it is none"),
    COLUMN_TYPE_OID("pg.col.type_oid", "a result column's type OID"),
    COLUMN_FORMAT("pg.col.format", "a column format code: 0 text, 1 binary"),
    COLUMN_VALUE("pg.col.value", "a column's value, rendered by type as in `values`; no plain value for NULL"),
    TAG("pg.tag", "the command tag of a CommandComplete (`SELECT 1`, `INSERT 0 5`)"),
    STATUS("pg.status", "the transaction status of a ReadyForQuery: `I` idle, `T` in a transaction, `E` failed transaction"),

    SEVERITY("pg.severity", "an error or notice field: severity, localized (S)"),
    SEVERITY_NONLOCALIZED("pg.severity_nonlocalized", "an error or notice field: severity, never localized (V)"),
    CODE("pg.code", "an error or notice field: the SQLSTATE code (C)"),
    MESSAGE("pg.message", "an error or notice field: the primary message (M)"),
    DETAIL("pg.detail", "an error or notice field: detail (D)"),
    HINT("pg.hint", "an error or notice field: hint (H)"),
    POSITION("pg.position", "an error or notice field: cursor position in the query string (P)"),
    INTERNAL_POSITION("pg.internal_position", "an error or notice field: position in an internal query (p)"),
    INTERNAL_QUERY("pg.internal_query", "an error or notice field: the internal query (q)"),
    WHERE("pg.where", "an error or notice field: the context, a call stack (W)"),
    SCHEMA_NAME("pg.schema_name", "an error or notice field: schema name (s)"),
    TABLE_NAME("pg.table_name", "an error or notice field: table name (t)"),
    COLUMN_NAME_FIELD("pg.column_name", "an error or notice field: column name (c)"),
    DATA_TYPE_NAME("pg.data_type_name", "an error or notice field: data type name (d)"),
    CONSTRAINT_NAME("pg.constraint_name", "an error or notice field: constraint name (n)"),
    FILE("pg.file", "an error or notice field: the server's source file (F)"),
    LINE("pg.line", "an error or notice field: the server's source line (L)"),
    ROUTINE("pg.routine", "an error or notice field: the server's source routine (R)"),

    COPY_FORMAT("pg.copy.format", "the overall format of a COPY: 0 text, 1 binary"),
    COPY_FAIL_MESSAGE("pg.copy.fail_message", "why the client failed a COPY"),
    CHANNEL("pg.channel", "a notification's channel"),
    PAYLOAD("pg.payload", "a notification's payload"),
    FUNCTION_OID("pg.function_oid", "the OID of the function a FunctionCall calls");

    private static final Map<String, FieldKey> BY_KEY = new HashMap<>();

    static {
        for (FieldKey k : values()) {
            BY_KEY.put(k.key, k);
        }
    }

    private final String key;
    private final String meaning;

    FieldKey(String key, String meaning) {
        this.key = key;
        this.meaning = meaning;
    }

    /** The key as the filter and JSON write it, e.g. {@code pg.statement}. */
    public String key() {
        return key;
    }

    /** What the field is, in a line. */
    public String meaning() {
        return meaning;
    }

    /** The field key written so, or null. */
    public static FieldKey of(String key) {
        return BY_KEY.get(key);
    }

    /** The key of an ErrorResponse/NoticeResponse field code, or null for a code PostgreSQL does not define. */
    static FieldKey ofNoticeField(char code) {
        return switch (code) {
            case 'S' -> SEVERITY;
            case 'V' -> SEVERITY_NONLOCALIZED;
            case 'C' -> CODE;
            case 'M' -> MESSAGE;
            case 'D' -> DETAIL;
            case 'H' -> HINT;
            case 'P' -> POSITION;
            case 'p' -> INTERNAL_POSITION;
            case 'q' -> INTERNAL_QUERY;
            case 'W' -> WHERE;
            case 's' -> SCHEMA_NAME;
            case 't' -> TABLE_NAME;
            case 'c' -> COLUMN_NAME_FIELD;
            case 'd' -> DATA_TYPE_NAME;
            case 'n' -> CONSTRAINT_NAME;
            case 'F' -> FILE;
            case 'L' -> LINE;
            case 'R' -> ROUTINE;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
