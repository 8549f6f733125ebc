package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.testing.TraceFile;
import dev.pgwb.protocol.wire.Framer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A frozen copy taken after each frame decodes that frame again exactly as the live state did. */
class FrozenStateTest {

    @ParameterizedTest
    @ValueSource(strings = {"extended-binary", "simple-query", "copy", "replication-logical", "encoding-gbk", "auth-scram"})
    void everyFrameDecodesAgainTheSameFromItsFrozenState(String capture) {
        TraceFile trace = TraceFile.capture(capture);
        ConnectionState live = new ConnectionState();
        Framer framer = new Framer();
        Decoder decoder = new Decoder();
        List<Decoded> first = new ArrayList<>();
        List<ConnectionState> frozen = new ArrayList<>();
        int shared = 0;
        for (TraceFile.Chunk chunk : trace.chunks()) {
            for (var frame : framer.feed(chunk.direction(), chunk.bytes(), 0)) {
                Decoded d = decoder.decode(frame, live);
                ConnectionState f = live.frozenCopy();
                if (!frozen.isEmpty() && f.decodesLike(frozen.getLast())) {
                    f = frozen.getLast();
                    shared++;
                }
                first.add(d);
                frozen.add(f);
                live.advance(d);
            }
        }
        for (int i = 0; i < first.size(); i++) {
            Decoded again = decoder.decode(first.get(i).frame(), frozen.get(i));
            assertThat(again.message()).as("frame %d", i).isEqualTo(first.get(i).message());
            assertThat(again.fields()).as("frame %d", i).isEqualTo(first.get(i).fields());
            assertThat(again.problems()).as("frame %d", i).isEqualTo(first.get(i).problems());
        }
        assertThat(shared).as("consecutive equal states are shared").isPositive();
    }
}
