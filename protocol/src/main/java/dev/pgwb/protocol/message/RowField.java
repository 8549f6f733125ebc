package dev.pgwb.protocol.message;

import java.util.Objects;

/**
 * One column of a RowDescription.
 *
 * @param tableOid        the table's OID when the column is a table column, else 0
 * @param columnAttribute the column's attribute number in that table, else 0
 * @param typeOid         the data type's OID
 * @param typeSize        pg_type.typlen: negative for variable width
 * @param typeModifier    pg_attribute.atttypmod
 * @param format          0 text, 1 binary (0 in a Describe of a statement: not yet known)
 */
public record RowField(String name, int tableOid, int columnAttribute, int typeOid, int typeSize, int typeModifier,
                       int format) {
    public RowField {
        Objects.requireNonNull(name, "name");
    }
}
