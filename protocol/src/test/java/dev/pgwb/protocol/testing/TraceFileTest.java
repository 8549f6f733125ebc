package dev.pgwb.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.wire.Direction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {

    private static final TraceFile SAMPLE = new TraceFile(List.of("made by hand", ""), List.of(
            new TraceFile.Chunk(Direction.FRONTEND, new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f}),
            new TraceFile.Chunk(Direction.BACKEND, new byte[] {'N'})));

    @Test
    void formatIsOneLinePerChunkAfterTheComments() {
        assertThat(SAMPLE.format()).isEqualTo("# made by hand\n#\nF 0000000804d2162f\nB 4e\n");
    }

    @Test
    void writesAndReadsBack(@TempDir Path dir) {
        Path file = dir.resolve("x.trace");
        SAMPLE.write(file);
        TraceFile back = TraceFile.read(file);
        assertThat(back.comments()).isEqualTo(SAMPLE.comments());
        assertThat(back.chunks()).isEqualTo(SAMPLE.chunks());
    }

    @Test
    void streamsConcatenateOneDirection() {
        TraceFile t = TraceFile.parse("F 01\nB 02\nF 0304\n");
        assertThat(t.stream(Direction.FRONTEND)).containsExactly(1, 3, 4);
        assertThat(t.byteCount(Direction.BACKEND)).isEqualTo(1);
    }

    @Test
    void toleratesBlankLinesUppercaseAndCrlf() {
        TraceFile t = TraceFile.parse("# c\r\n\r\nF 0A0b\r\n\r\n");
        assertThat(t.chunks()).containsExactly(new TraceFile.Chunk(Direction.FRONTEND, new byte[] {10, 11}));
    }

    @Test
    void rejectsWhatIsNotTheFormat() {
        assertThatThrownBy(() -> TraceFile.parse("F 01\n# late comment\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> TraceFile.parse("F 012\n")).hasMessageContaining("odd");
        assertThatThrownBy(() -> TraceFile.parse("X 01\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> TraceFile.parse("F zz\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> TraceFile.parse("F\n")).hasMessageContaining("line 1");
    }
}
