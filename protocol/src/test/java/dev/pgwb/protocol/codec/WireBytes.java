package dev.pgwb.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds wire bytes by hand, field by field as the documentation lists them, independently of the
 * Encoder, so that test vectors check the decoder against the documented format.
 */
final class WireBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean typed;

    private WireBytes(boolean typed) {
        this.typed = typed;
    }

    /** A typed message: the length is filled in by {@link #bytes()}. */
    static WireBytes msg(char type) {
        WireBytes w = new WireBytes(true);
        w.out.write(type);
        w.out.writeBytes(new byte[4]);
        return w;
    }

    /** An untyped startup-phase packet. */
    static WireBytes untyped() {
        WireBytes w = new WireBytes(false);
        w.out.writeBytes(new byte[4]);
        return w;
    }

    WireBytes i8(int v) {
        out.write(v);
        return this;
    }

    WireBytes i16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    WireBytes i32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    WireBytes i64(long v) {
        return i32((int) (v >>> 32)).i32((int) v);
    }

    WireBytes str(String s) {
        return str(s, StandardCharsets.UTF_8);
    }

    WireBytes str(String s, Charset cs) {
        out.writeBytes(s.getBytes(cs));
        out.write(0);
        return this;
    }

    WireBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    WireBytes hex(String h) {
        return raw(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    WireBytes ascii(String s) {
        return raw(s.getBytes(StandardCharsets.US_ASCII));
    }

    byte[] bytes() {
        byte[] b = out.toByteArray();
        int at = typed ? 1 : 0;
        int len = b.length - at;
        b[at] = (byte) (len >>> 24);
        b[at + 1] = (byte) (len >>> 16);
        b[at + 2] = (byte) (len >>> 8);
        b[at + 3] = (byte) len;
        return b;
    }
}
