import dev.pgwb.protocol.capture.CaptureImport;
import dev.pgwb.protocol.session.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Imports a capture into a session file and prints what it found, the time taken and the heap used. */
public class ImportCapture {
    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        Path session = Path.of(args[1]);
        long start = System.nanoTime();
        CaptureImport.Result r;
        try (SessionStore store = SessionStore.create(session)) {
            r = CaptureImport.importInto(capture, store, CaptureImport.Options.defaults());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long mb = Files.size(capture) / 1_000_000;
        System.out.printf("pgwb import: %d MB, %d packets, %d connections, %d frames in %.1f s (%.0f MB/s)%n", mb, r.packets(),
                r.connections(), r.frames(), seconds, mb / seconds);
        r.notes().stream().limit(5).forEach(n -> System.out.println("  note: " + n));
    }
}
