package dev.pgwb.protocol.codec.value;

import java.nio.charset.Charset;

/** bool, the integers and the unsigned transaction/object counters: fixed-size big-endian numbers. */
final class NumberValues {
    private NumberValues() {
    }

    /** boolrecv takes any non-zero byte as true, so we do too. */
    static String bool(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 1);
        return b[off] != 0 ? "t" : "f";
    }

    static String int2(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 2);
        return Integer.toString(new BinaryCursor(b, off, len).i16());
    }

    static String int4(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 4);
        return Integer.toString(new BinaryCursor(b, off, len).i32());
    }

    static String int8(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 8);
        return Long.toString(new BinaryCursor(b, off, len).i64());
    }

    /** oid, xid, cid: uint32 on the wire and printed unsigned ({@code %u}). */
    static String uint4(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 4);
        return Integer.toUnsignedString(new BinaryCursor(b, off, len).i32());
    }

    /** xid8 is a uint64. */
    static String uint8(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 8);
        return Long.toUnsignedString(new BinaryCursor(b, off, len).i64());
    }

    static String float4(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 4);
        return FloatText.float4(Float.intBitsToFloat(new BinaryCursor(b, off, len).i32()));
    }

    static String float8(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor.requireLength(len, 8);
        return FloatText.float8(Double.longBitsToDouble(new BinaryCursor(b, off, len).i64()));
    }
}
