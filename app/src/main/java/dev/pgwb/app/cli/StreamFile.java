package dev.pgwb.app.cli;

import dev.pgwb.protocol.capture.HexDump;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file holding the bytes of one direction of a connection: raw, or a hex dump of them
 * (xxd, Wireshark, hexdump -C, plain hex). {@code -} is standard input.
 *
 * @param name    the name as the user gave it
 * @param bytes   the protocol bytes
 * @param hexDump true when the file was a hex dump
 */
public record StreamFile(String name, byte[] bytes, boolean hexDump) {

    /** Input that cannot be used, with a one-line message naming the file. */
    public static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        public BadInput(String message) {
            super(message, null, false, false);
        }
    }

    public static StreamFile read(String name, InputStream stdin) throws BadInput {
        byte[] content;
        try {
            if (name.equals("-")) {
                content = stdin.readAllBytes();
            } else {
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    throw new BadInput(name + ": is a directory");
                }
                content = Files.readAllBytes(path);
            }
        } catch (NoSuchFileException e) {
            throw new BadInput(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadInput(name + ": permission denied");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new BadInput(name + ": cannot read: " + oneLine(e.getMessage()));
        }
        if (content.length == 0) {
            throw new BadInput(name + ": is empty");
        }
        if (!HexDump.looksLikeHexDump(content)) {
            return new StreamFile(name, content, false);
        }
        byte[] bytes;
        try {
            bytes = HexDump.parse(new String(content, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new BadInput(name + ": " + oneLine(e.getMessage()));
        }
        if (bytes.length == 0) {
            throw new BadInput(name + ": the hex dump holds no bytes");
        }
        return new StreamFile(name, bytes, true);
    }

    private static String oneLine(String s) {
        return s == null ? "(no detail)" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
