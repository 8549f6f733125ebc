package dev.pgwb.protocol.codec.value;

import java.util.HashMap;
import java.util.Map;

/** Which decoder reads which type's binary format: the scalars by hand, then every built-in array of them. */
final class BinaryDecoders {
    private BinaryDecoders() {
    }

    private static final Map<Integer, BinaryDecoder> BY_OID = new HashMap<>();

    static {
        BY_OID.put(TypeOids.BOOL, NumberValues::bool);
        BY_OID.put(TypeOids.INT2, NumberValues::int2);
        BY_OID.put(TypeOids.INT4, NumberValues::int4);
        BY_OID.put(TypeOids.INT8, NumberValues::int8);
        BY_OID.put(TypeOids.OID, NumberValues::uint4);
        BY_OID.put(TypeOids.XID, NumberValues::uint4);
        BY_OID.put(TypeOids.CID, NumberValues::uint4);
        BY_OID.put(TypeOids.XID8, NumberValues::uint8);
        BY_OID.put(TypeOids.FLOAT4, NumberValues::float4);
        BY_OID.put(TypeOids.FLOAT8, NumberValues::float8);
        BY_OID.put(TypeOids.NUMERIC, NumericValue::decode);

        BY_OID.put(TypeOids.TEXT, TextValues::text);
        BY_OID.put(TypeOids.VARCHAR, TextValues::text);
        BY_OID.put(TypeOids.BPCHAR, TextValues::text);
        BY_OID.put(TypeOids.NAME, TextValues::text);
        BY_OID.put(TypeOids.UNKNOWN, TextValues::text);
        BY_OID.put(TypeOids.REFCURSOR, TextValues::text);
        BY_OID.put(TypeOids.JSON, TextValues::text);
        BY_OID.put(TypeOids.JSONB, TextValues::jsonb);
        BY_OID.put(TypeOids.CHAR, TextValues::singleChar);
        BY_OID.put(TypeOids.BYTEA, TextValues::bytea);
        BY_OID.put(TypeOids.UUID, TextValues::uuid);

        BY_OID.put(TypeOids.DATE, DateTimeValues::date);
        BY_OID.put(TypeOids.TIME, DateTimeValues::time);
        BY_OID.put(TypeOids.TIMETZ, DateTimeValues::timetz);
        BY_OID.put(TypeOids.TIMESTAMP, DateTimeValues::timestamp);
        BY_OID.put(TypeOids.TIMESTAMPTZ, DateTimeValues::timestamptz);
        BY_OID.put(TypeOids.INTERVAL, DateTimeValues::interval);

        BY_OID.put(TypeOids.INET, NetworkValues::inet);
        BY_OID.put(TypeOids.CIDR, NetworkValues::cidr);
        BY_OID.put(TypeOids.MACADDR, NetworkValues::macaddr);
        BY_OID.put(TypeOids.MACADDR8, NetworkValues::macaddr8);

        // arrays after the scalars, so only arrays of decodable elements get a decoder
        Map<Integer, BinaryDecoder> arrays = new HashMap<>();
        BuiltinTypes.arrays().forEach((arrayOid, elementOid) -> {
            BinaryDecoder element = BY_OID.get(elementOid);
            if (element == null) {
                return;
            }
            boolean vector = arrayOid == TypeOids.INT2VECTOR || arrayOid == TypeOids.OIDVECTOR;
            arrays.put(arrayOid, vector ? ArrayValue.vectorOf(elementOid, element) : ArrayValue.of(elementOid, element));
        });
        BY_OID.putAll(arrays);
    }

    /** The decoder for a type's binary format, or null when we have none. */
    static BinaryDecoder forType(int typeOid) {
        return BY_OID.get(typeOid);
    }
}
