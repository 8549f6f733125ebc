package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.message.GSSResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.SASLResponse;
import java.util.Arrays;

/**
 * The bytes of a frame that are secrets, masked for files handed to others (pcapng exports): a
 * password (cleartext or MD5 hash), the SCRAM client proof ({@code p=} of the client-final-message)
 * and GSSAPI/SSPI tokens. The same messages the decoder redacts in its field tree; the frame keeps its
 * length and structure, so other tools still decode it, and the masked bytes say what they were.
 */
public final class SecretBytes {
    private static final int HEADER = 5; // type byte + int32 length

    private SecretBytes() {
    }

    /** A copy of {@code frame} with its secrets masked, or null when it holds none. */
    public static byte[] masked(Message m, byte[] frame) {
        if (frame.length <= HEADER) {
            return null;
        }
        return switch (m) {
            case PasswordMessage p -> fill(frame, HEADER, lastNul(frame), (byte) '*');
            case SASLResponse s -> proof(frame);
            case GSSResponse g -> fill(frame, HEADER, frame.length, (byte) 0);
            default -> null;
        };
    }

    private static int lastNul(byte[] frame) {
        return frame[frame.length - 1] == 0 ? frame.length - 1 : frame.length;
    }

    /** client-final-message: {@code c=...,r=...,p=BASE64}; only the proof's value is secret. */
    private static byte[] proof(byte[] frame) {
        for (int i = HEADER; i + 1 < frame.length; i++) {
            if (frame[i] == 'p' && frame[i + 1] == '=' && (i == HEADER || frame[i - 1] == ',')) {
                int end = i + 2;
                while (end < frame.length && frame[end] != ',') {
                    end++;
                }
                return fill(frame, i + 2, end, (byte) '*');
            }
        }
        return null;
    }

    private static byte[] fill(byte[] frame, int from, int to, byte with) {
        if (to <= from) {
            return null;
        }
        byte[] copy = frame.clone();
        Arrays.fill(copy, from, to, with);
        return copy;
    }
}
