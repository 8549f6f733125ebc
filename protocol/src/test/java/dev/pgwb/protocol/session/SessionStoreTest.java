package dev.pgwb.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
    @TempDir
    Path dir;

    static Frame frame(Direction d, long seq, byte[] bytes) {
        return new Frame(d, seq, 1_000_000_000L + seq, seq * 10, FrameKind.TYPED, bytes, null);
    }

    @Test
    void framesAndConnectionsReadBackFromTheFile() throws Exception {
        Path file = dir.resolve("s.pgwb");
        try (SessionStore s = SessionStore.create(file)) {
            int a = s.openConnection("127.0.0.1:50000", "127.0.0.1:5432", 5, "tls=refuse");
            int b = s.openConnection("127.0.0.1:50001", "127.0.0.1:5432", 6, "");
            s.append(a, frame(Direction.FRONTEND, 0, new byte[] {'S', 0, 0, 0, 4}), RecordedFrame.Origin.FORWARDED);
            s.append(b, new Frame(Direction.BACKEND, 0, 7, 0, FrameKind.RAW, new byte[] {1, 2, 3}, "after a malformed frame"),
                    RecordedFrame.Origin.GENERATED);
            s.noteConnection(b, 8, "cancels connection 1");
            s.closeConnection(a, 9, "client closed");
            assertThat(s.frame(1).frame().problem()).isEqualTo("after a malformed frame");
            assertThat(s.connectionIdOf(1)).isEqualTo(b);
        }
        try (SessionStore s = SessionStore.open(file)) {
            assertThat(s.recoveryNote()).isEmpty();
            assertThat(s.frameCount()).isEqualTo(2);
            RecordedFrame f0 = s.frame(0);
            assertThat(f0.connectionId()).isEqualTo(1);
            assertThat(f0.frame()).isEqualTo(frame(Direction.FRONTEND, 0, new byte[] {'S', 0, 0, 0, 4}));
            assertThat(f0.origin()).isEqualTo(RecordedFrame.Origin.FORWARDED);
            assertThat(s.frame(1).origin()).isEqualTo(RecordedFrame.Origin.GENERATED);
            assertThat(s.connections()).hasSize(2);
            assertThat(s.connection(1).closeReason()).isEqualTo("client closed");
            assertThat(s.connection(1).note()).isEqualTo("tls=refuse");
            assertThat(s.connection(2).isOpen()).isTrue();
            assertThat(s.connection(2).note()).isEqualTo("cancels connection 1");
            assertThatThrownBy(() -> s.append(1, frame(Direction.FRONTEND, 1, new byte[1]), RecordedFrame.Origin.FORWARDED))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aFileCutAnywhereOpensWithEveryWholeRecordAndSaysSo() throws Exception {
        Path file = dir.resolve("cut.pgwb");
        try (SessionStore s = SessionStore.create(file)) {
            int c = s.openConnection("c", "u", 0, "");
            for (int i = 0; i < 50; i++) {
                s.append(c, frame(Direction.BACKEND, i, new byte[100 + i]), RecordedFrame.Origin.FORWARDED);
            }
        }
        long size = Files.size(file);
        for (long cut = size - 1; cut > size - 400; cut -= 37) {
            Path copy = dir.resolve("cut-" + cut + ".pgwb");
            Files.copy(file, copy);
            try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
                raf.setLength(cut);
            }
            try (SessionStore s = SessionStore.open(copy)) {
                assertThat(s.recoveryNote()).get().asString().contains("cut short");
                assertThat(s.frameCount()).isBetween(45L, 49L);
                assertThat(s.frame(s.frameCount() - 1).frame().length()).isEqualTo(100 + (int) s.frameCount() - 1);
            }
        }
    }

    @Test
    void notASessionOrNewerVersionGivesAClearError() throws Exception {
        Path text = dir.resolve("notes.pgwb");
        Files.writeString(text, "hello, this is not a session file at all");
        assertThatThrownBy(() -> SessionStore.open(text)).isInstanceOf(SessionFileException.class)
                .hasMessageContaining("is not a PG Wire Workbench session");
        Path tiny = dir.resolve("tiny.pgwb");
        Files.write(tiny, new byte[] {'P', 'G'});
        assertThatThrownBy(() -> SessionStore.open(tiny)).isInstanceOf(SessionFileException.class).hasMessageContaining("only 2 bytes");

        Path newer = dir.resolve("newer.pgwb");
        try (SessionStore s = SessionStore.create(newer)) {
            s.openConnection("c", "u", 0, "");
        }
        try (RandomAccessFile raf = new RandomAccessFile(newer.toFile(), "rw")) {
            raf.seek(SessionFormat.MAGIC.length);
            raf.writeShort(99);
        }
        assertThatThrownBy(() -> SessionStore.open(newer)).isInstanceOf(SessionFileException.class)
                .hasMessageContaining("newer PG Wire Workbench").hasMessageContaining("version 99");
    }

    @Test
    void subscribersGetEveryFrameInOrderAndCatchUpFromTheFile() throws Exception {
        try (SessionStore s = SessionStore.createTemporary()) {
            int c = s.openConnection("c", "u", 0, "");
            for (int i = 0; i < 5000; i++) {
                s.append(c, frame(Direction.BACKEND, i, new byte[] {(byte) i}), RecordedFrame.Origin.FORWARDED);
            }
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            // a slow subscriber that starts late: it must still see all 10000, in order
            try (Subscription sub = s.subscribe(0, batch -> {
                for (RecordedFrame f : batch) {
                    seen.add(f.index());
                }
                if (seen.size() == 10_000) {
                    done.countDown();
                }
            })) {
                for (int i = 5000; i < 10_000; i++) {
                    s.append(c, frame(Direction.BACKEND, i, new byte[] {(byte) i}), RecordedFrame.Origin.FORWARDED);
                }
                assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            }
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void killMinusNineLosesAtMostTheLastSecond() throws Exception {
        Path file = dir.resolve("killed.pgwb");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SessionWriterProcess.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        List<long[]> progress = new ArrayList<>(); // [nanoTime seen, frames appended]
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("appended ")) {
                    progress.add(new long[] {System.nanoTime(), Long.parseLong(line.substring(9).trim())});
                    if (progress.size() == 30) {
                        break;
                    }
                }
            }
        }
        long killedAt = System.nanoTime();
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final flush
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long safe = 0;
        for (long[] pr : progress) {
            if (killedAt - pr[0] >= TimeUnit.SECONDS.toNanos(1)) {
                safe = pr[1];
            }
        }
        assertThat(safe).as("the writer made progress more than a second before the kill").isPositive();
        try (SessionStore s = SessionStore.open(file)) {
            assertThat(s.frameCount()).isGreaterThanOrEqualTo(safe);
            for (long i = 0; i < s.frameCount(); i += 97) {
                assertThat(s.frame(i).frame().seq()).isEqualTo(i);
            }
        }
    }
}
