package dev.pgwb.protocol.testing;

import dev.pgwb.protocol.wire.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One connection's bytes, both directions, in the order they arrived: a plain text file that a
 * person can read with {@code less} and diff with {@code git}.
 *
 * <pre>
 * # comment lines, only at the top: how the trace was made
 * # (server and client versions, scenario, command)
 * F 0000000804d2162f
 * B 4e
 * F 00000054000300007573657200...
 * B 52000000080000000053000000...
 * </pre>
 *
 * <ul>
 *   <li>{@code F <hex>}: one chunk the client sent (frontend → backend), as one read() returned it;</li>
 *   <li>{@code B <hex>}: one chunk the server sent (backend → frontend);</li>
 *   <li>the hex is lowercase, two digits per byte, no spaces, never empty;</li>
 *   <li>{@code #} lines come before the first chunk; blank lines are ignored; anything else is an error.</li>
 * </ul>
 *
 * Chunk boundaries are those of the relay's reads, so they need not fall on message boundaries:
 * a decoder fed these chunks in order sees what a live relay would see.
 */
public final class TraceFile {

    /** One read's worth of bytes, in one direction. */
    public record Chunk(Direction direction, byte[] bytes) {
        public Chunk {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length == 0) {
                throw new IllegalArgumentException("a chunk is never empty");
            }
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk c && direction == c.direction && Arrays.equals(bytes, c.bytes);
        }

        @Override
        public int hashCode() {
            return direction.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return direction.code() + " " + bytes.length + " byte(s)";
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final List<String> comments;
    private final List<Chunk> chunks;

    public TraceFile(List<String> comments, List<Chunk> chunks) {
        for (String c : comments) {
            if (c.contains("\n") || c.contains("\r")) {
                throw new IllegalArgumentException("a comment is one line: " + c);
            }
        }
        this.comments = List.copyOf(comments);
        this.chunks = List.copyOf(chunks);
    }

    /** The comment lines, without the leading {@code #} and one following space. */
    public List<String> comments() {
        return comments;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** How many bytes went in {@code direction}. */
    public long byteCount(Direction direction) {
        long n = 0;
        for (Chunk c : chunks) {
            if (c.direction() == direction) {
                n += c.bytes.length;
            }
        }
        return n;
    }

    /** All bytes of one direction, concatenated. */
    public byte[] stream(Direction direction) {
        byte[] out = new byte[Math.toIntExact(byteCount(direction))];
        int p = 0;
        for (Chunk c : chunks) {
            if (c.direction() == direction) {
                System.arraycopy(c.bytes, 0, out, p, c.bytes.length);
                p += c.bytes.length;
            }
        }
        return out;
    }

    public TraceFile withComments(List<String> newComments) {
        return new TraceFile(newComments, chunks);
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) {
            sb.append(c.isEmpty() ? "#" : "# " + c).append('\n');
        }
        for (Chunk c : chunks) {
            sb.append(c.direction().code()).append(' ').append(HEX.formatHex(c.bytes)).append('\n');
        }
        return sb.toString();
    }

    public void write(Path file) {
        try {
            Files.writeString(file, format(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TraceFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A capture shipped with the tests: {@code /captures/<name>.trace} on the class path (see the
     * README there for how they were made).
     */
    public static TraceFile capture(String name) {
        String resource = "/captures/" + name + ".trace";
        try (InputStream in = TraceFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + resource + " on the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TraceFile read(InputStream in) {
        try {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TraceFile parse(String text) {
        List<String> comments = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (!chunks.isEmpty()) {
                    throw new IllegalArgumentException("line " + lineNo + ": comments belong at the top, before the first chunk");
                }
                comments.add(line.startsWith("# ") ? line.substring(2) : line.substring(1));
                continue;
            }
            Direction d = switch (line.charAt(0)) {
                case 'F' -> Direction.FRONTEND;
                case 'B' -> Direction.BACKEND;
                default -> throw new IllegalArgumentException("line " + lineNo + ": expected 'F <hex>', 'B <hex>' or '# comment'");
            };
            if (line.length() < 4 || line.charAt(1) != ' ') {
                throw new IllegalArgumentException("line " + lineNo + ": expected '" + d.code() + " <hex>'");
            }
            String hex = line.substring(2).strip();
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("line " + lineNo + ": odd number of hex digits");
            }
            try {
                chunks.add(new Chunk(d, HEX.parseHex(hex)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new TraceFile(comments, chunks);
    }
}
