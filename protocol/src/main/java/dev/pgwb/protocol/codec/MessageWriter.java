package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.Bytes;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;

/** Builds one message: optional type byte, an int32 length patched in at the end, then fields (or bytes alone, {@link #unframed}). */
final class MessageWriter {
    private final Charset charset;
    private byte[] buf = new byte[64];
    private int pos;
    private final int lengthAt;

    /** @param type the type byte, or -1 for an untyped (startup-phase) packet */
    MessageWriter(int type, Charset charset) {
        this.charset = charset;
        if (type >= 0) {
            byte1(type);
        }
        lengthAt = pos;
        int32(0);
    }

    private MessageWriter(Charset charset) {
        this.charset = charset;
        lengthAt = -1;
    }

    /** Bytes written as they are, with no type byte and no length: one-byte answers, undecoded frames. */
    static MessageWriter unframed(Charset charset) {
        return new MessageWriter(charset);
    }

    Charset charset() {
        return charset;
    }

    MessageWriter byte1(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    MessageWriter int16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    MessageWriter int32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    MessageWriter int64(long v) {
        int32((int) (v >>> 32));
        return int32((int) v);
    }

    MessageWriter cstring(String s) {
        return bytes(s.getBytes(charset)).byte1(0);
    }

    MessageWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    MessageWriter bytes(Bytes b) {
        ensure(b.length());
        b.copyTo(buf, pos);
        pos += b.length();
        return this;
    }

    /** Int32 length (-1 for null) then the bytes. */
    MessageWriter value(Bytes b) {
        if (b == null) {
            return int32(-1);
        }
        return int32(b.length()).bytes(b);
    }

    MessageWriter int16List(List<Integer> values) {
        int16(values.size());
        for (int v : values) {
            int16(v);
        }
        return this;
    }

    byte[] finish() {
        if (lengthAt < 0) {
            return Arrays.copyOf(buf, pos);
        }
        int length = pos - lengthAt;
        buf[lengthAt] = (byte) (length >>> 24);
        buf[lengthAt + 1] = (byte) (length >>> 16);
        buf[lengthAt + 2] = (byte) (length >>> 8);
        buf[lengthAt + 3] = (byte) length;
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
