package dev.pgwb.protocol.codec.value;

import dev.pgwb.protocol.wire.BigEndian;

/**
 * Big-endian reads over one value's bytes, clamped to them: reading past the end is a
 * {@link NotValid}, never an index error, so a short value cannot make a decoder throw.
 */
final class BinaryCursor {
    private final byte[] b;
    private final int end;
    private int pos;

    BinaryCursor(byte[] b, int off, int len) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    int u8() throws NotValid {
        need(1);
        return b[pos++] & 0xff;
    }

    int i16() throws NotValid {
        need(2);
        int v = (short) (((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    int u16() throws NotValid {
        return i16() & 0xffff;
    }

    int i32() throws NotValid {
        need(4);
        int v = BigEndian.int32(b, pos);
        pos += 4;
        return v;
    }

    long i64() throws NotValid {
        long hi = i32() & 0xffffffffL;
        long lo = i32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** Skips {@code n} bytes, returning where they started. */
    int skip(int n) throws NotValid {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    /** The server's receive functions reject trailing bytes ("incorrect binary data format"), so do we. */
    void expectEnd() throws NotValid {
        if (pos != end) {
            throw new NotValid((end - pos) + " trailing bytes");
        }
    }

    private void need(int n) throws NotValid {
        if (n < 0 || end - pos < n) {
            throw new NotValid("ends early");
        }
    }

    /** The fixed-size types: a length that is not exactly theirs says nothing else is worth reading. */
    static void requireLength(int len, int expected) throws NotValid {
        if (len != expected) {
            throw new NotValid(len + (len == 1 ? " byte" : " bytes"));
        }
    }
}
