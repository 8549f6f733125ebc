package dev.pgwb.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One op = one whole connection replayed through a fresh framer or decoder, so ops/s times the
 * conversation's byte count ({@link #CONVERSATIONS}) is the throughput in bytes/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WireBenchmarks {

    /** The conversation each benchmark replays, by method name: MegabytesPerSecond turns ops/s into MB/s with it. */
    public static final Map<String, Supplier<Conversation>> CONVERSATIONS = Map.of(
            "framing", SampleConversations::textResult,
            "fullDecode", SampleConversations::textResult,
            "fullDecodeBinary", SampleConversations::binaryResult,
            "frontendExtended", SampleConversations::extendedBatches);

    @State(Scope.Benchmark)
    public static class TextResult {
        Conversation conversation;

        @Setup(Level.Trial)
        public void build() {
            conversation = Replay.checked("text result", SampleConversations.textResult());
        }
    }

    @State(Scope.Benchmark)
    public static class BinaryResult {
        Conversation conversation;

        @Setup(Level.Trial)
        public void build() {
            conversation = Replay.checked("binary result", SampleConversations.binaryResult());
        }
    }

    @State(Scope.Benchmark)
    public static class ExtendedBatches {
        Conversation conversation;

        @Setup(Level.Trial)
        public void build() {
            conversation = Replay.checked("extended batches", SampleConversations.extendedBatches());
        }
    }

    /** Framer alone: bytes to frames, one copy per frame, no body read. */
    @Benchmark
    public void framing(TextResult s, Blackhole bh) {
        Replay.frame(s.conversation, bh::consume);
    }

    /** Framer, connection state and decoder: records, field trees and text values rendered by type. */
    @Benchmark
    public void fullDecode(TextResult s, Blackhole bh) {
        Replay.decode(s.conversation, bh::consume);
    }

    /** As fullDecode with binary int4/int8/float8/numeric/timestamptz/bool/text columns. */
    @Benchmark
    public void fullDecodeBinary(BinaryResult s, Blackhole bh) {
        Replay.decode(s.conversation, bh::consume);
    }

    /** Frontend Parse/Bind/Describe/Execute/Sync pipelines; Bind parameters rendered by the Parse's types. */
    @Benchmark
    public void frontendExtended(ExtendedBatches s, Blackhole bh) {
        Replay.decode(s.conversation, bh::consume);
    }
}
