package dev.pgwb.protocol.codec.value;

/** OIDs of the built-in types this package decodes (pg_type.dat; the same in every PostgreSQL cluster). */
public final class TypeOids {
    private TypeOids() {
    }

    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int CHAR = 18;
    public static final int NAME = 19;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT2VECTOR = 22;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int OID = 26;
    public static final int XID = 28;
    public static final int CID = 29;
    public static final int OIDVECTOR = 30;
    public static final int JSON = 114;
    public static final int CIDR = 650;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int UNKNOWN = 705;
    public static final int MACADDR8 = 774;
    public static final int MACADDR = 829;
    public static final int INET = 869;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIME = 1083;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int INTERVAL = 1186;
    public static final int TIMETZ = 1266;
    public static final int NUMERIC = 1700;
    public static final int REFCURSOR = 1790;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;
    public static final int XID8 = 5069;

    public static final int INT4_ARRAY = 1007;
    public static final int TEXT_ARRAY = 1009;

    /** A built-in type's pg_type.typname ({@code int4}, {@code _text}), or null when the OID is not built in. */
    public static String name(int oid) {
        return BuiltinTypes.name(oid);
    }

    /**
     * The OID of a built-in type named as pg_type.typname ({@code int4}, {@code _text}) or by the
     * SQL names people type ({@code integer}, {@code bigint}, {@code text[]}...); -1 when unknown.
     */
    public static int byName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith("[]")) {
            int element = byName(n.substring(0, n.length() - 2));
            if (element < 0) {
                return -1;
            }
            for (var e : BuiltinTypes.arrays().entrySet()) {
                if (e.getValue() == element && BuiltinTypes.name(e.getKey()).startsWith("_")) {
                    return e.getKey();
                }
            }
            return -1;
        }
        n = switch (n) {
            case "smallint" -> "int2";
            case "integer", "int" -> "int4";
            case "bigint" -> "int8";
            case "real" -> "float4";
            case "double precision", "double" -> "float8";
            case "boolean" -> "bool";
            case "character varying" -> "varchar";
            case "decimal" -> "numeric";
            case "timestamp with time zone" -> "timestamptz";
            default -> n;
        };
        Integer oid = BuiltinTypes.oid(n);
        return oid == null ? -1 : oid;
    }
}
