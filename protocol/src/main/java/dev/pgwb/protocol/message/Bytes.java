package dev.pgwb.protocol.message;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality, so that message records compare by content. */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    public static Bytes of(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public static Bytes ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public static Bytes ofAscii(String s) {
        return of(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public int length() {
        return bytes.length;
    }

    /** The unsigned byte at {@code index}. */
    public int get(int index) {
        return bytes[index] & 0xff;
    }

    /** How many bytes equal {@code b} (newlines in COPY data, say). */
    public int count(int b) {
        int n = 0;
        for (byte x : bytes) {
            if ((x & 0xff) == b) {
                n++;
            }
        }
        return n;
    }

    /** A copy of the content. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** Writes the content into {@code dst} at {@code offset} without exposing the internal array. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length <= 64 ? "0x" + hex() : "0x" + HexFormat.of().formatHex(bytes, 0, 64) + "…(" + bytes.length + " bytes)";
    }
}
