package dev.pgwb.protocol.session;

import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.file.Path;

/** Child process for the kill -9 test: appends frames forever, saying how many every 100 ms. */
public final class SessionWriterProcess {
    private SessionWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        SessionStore s = SessionStore.create(Path.of(args[0]));
        int c = s.openConnection("127.0.0.1:1", "127.0.0.1:2", System.nanoTime(), "");
        long n = 0;
        long nextReport = System.nanoTime();
        byte[] body = new byte[200];
        while (true) {
            s.append(c, new Frame(Direction.BACKEND, n, System.nanoTime(), n * 200, FrameKind.TYPED, body, null),
                    RecordedFrame.Origin.FORWARDED);
            n++;
            if (System.nanoTime() >= nextReport) {
                System.out.println("appended " + n);
                System.out.flush();
                nextReport += 100_000_000L;
            }
            // a steady, realistic rate (~10-20k frames/s) keeps the file small enough to rescan quickly
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }
}
