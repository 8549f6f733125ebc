package dev.pgwb.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.testing.PgServer;
import dev.pgwb.protocol.testing.PostgresExtension;
import dev.pgwb.protocol.testing.RecordedWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class SessionToPcapngTest {
    @TempDir
    Path tmp;

    @Test
    void explore(PgServer pg) throws Exception {
        Path session = RecordedWorkload.record(pg, tmp, "w.pgwb");
        try (SessionStore store = SessionStore.open(session)) {
            SessionToPcapng.Result r = SessionToPcapng.write(store, Path.of("/tmp/pcapout-x.pcapng"), SessionToPcapng.Options.defaults(), n -> { }, () -> false);
            System.out.println(r);
        }
        Files.copy(session, Path.of("/tmp/pcapout-x.pgwb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
