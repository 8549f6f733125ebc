package dev.pgwb.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text on the wire in a connection's client_encoding. Bytes that are not valid in that encoding
 * are shown as {@code \xNN} escapes: never dropped, never replaced by '?', never thrown on.
 */
public final class PgText {
    private PgText() {
    }

    /** Decodes {@code len} bytes; an invalid or unmappable byte becomes {@code \xNN} and decoding goes on after it. */
    public static String decode(byte[] b, int off, int len, Charset charset) {
        if (charset == StandardCharsets.UTF_8 || charset == StandardCharsets.US_ASCII) {
            boolean ascii = true;
            for (int i = off; i < off + len; i++) {
                if (b[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                return new String(b, off, len, StandardCharsets.ISO_8859_1); // the fast path: plain ASCII
            }
        }
        CharsetDecoder dec = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) (len * (double) dec.maxCharsPerByte()) + 16));
        StringBuilder sb = new StringBuilder(len);
        while (true) {
            // endOfInput=true: an incomplete sequence at the end is reported as malformed, and escaped below
            CoderResult r = dec.decode(in, out, true);
            out.flip();
            sb.append(out);
            out.clear();
            if (r.isOverflow()) {
                continue;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    sb.append(String.format("\\x%02x", in.get() & 0xff));
                }
                dec.reset();
                continue;
            }
            break;
        }
        dec.flush(out);
        out.flip();
        sb.append(out);
        return sb.toString();
    }

    public static String decode(byte[] b, Charset charset) {
        return decode(b, 0, b.length, charset);
    }

    /** True when every byte decodes cleanly in {@code charset}. */
    public static boolean isValid(byte[] b, int off, int len, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public static byte[] encode(String s, Charset charset) {
        return s.getBytes(charset);
    }
}
