package dev.pgwb.protocol.codec.value;

import java.nio.charset.Charset;

/** Turns one type's binary (typsend) bytes into the text its typoutput function would print. */
@FunctionalInterface
interface BinaryDecoder {
    /**
     * @param charset the connection's client_encoding: text-like types are sent in it
     * @throws NotValid when the bytes are not a value of this type as the server's typreceive would see it
     */
    String decode(byte[] b, int off, int len, Charset charset) throws NotValid;
}
