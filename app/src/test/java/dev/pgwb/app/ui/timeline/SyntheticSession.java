package dev.pgwb.app.ui.timeline;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.StartupCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A made-up but well-formed session of any size, for tests of the timeline at scale. */
public final class SyntheticSession {
    private SyntheticSession() {
    }

    /**
     * {@code connections} connections, each a StartupMessage, then rounds of: Parse/Bind/Execute/Sync
     * answered by 3 DataRows, CommandComplete, ReadyForQuery; every 50th round a Query failing with 26000.
     */
    public static SessionStore create(Path file, int connections, int framesPerConnection) throws IOException {
        SessionStore s = SessionStore.create(file);
        int[] ids = new int[connections];
        long[] seq = new long[connections];
        for (int c = 0; c < connections; c++) {
            ids[c] = s.openConnection("127.0.0.1:" + (40000 + c), "127.0.0.1:5432", 0, "tls: refused");
            s.setStartup(ids[c], "app", "shop", "synthetic");
            append(s, ids[c], seq[c]++, Direction.FRONTEND, FrameKind.UNTYPED, new StartupMessage(StartupCodes.PROTOCOL_3_0,
                    List.of(new StartupParameter("user", "app"), new StartupParameter("database", "shop"))));
        }
        int round = 0;
        boolean more = true;
        while (more) {
            more = false;
            for (int c = 0; c < connections; c++) {
                if (seq[c] >= framesPerConnection) {
                    continue;
                }
                more = true;
                for (Message m : round(round)) {
                    append(s, ids[c], seq[c]++, m instanceof dev.pgwb.protocol.message.FrontendMessage ? Direction.FRONTEND
                            : Direction.BACKEND, FrameKind.TYPED, m);
                }
            }
            round++;
        }
        s.flush();
        return s;
    }

    private static List<Message> round(int round) {
        if (round % 50 == 49) {
            return List.of(new Query("select * from missing_" + round),
                    new ErrorResponse(List.of(new NoticeField('S', "ERROR"), new NoticeField('V', "ERROR"),
                            new NoticeField('C', "26000"), new NoticeField('M', "prepared statement \"S_1\" does not exist"))),
                    new ReadyForQuery('I'));
        }
        return List.of(new Parse("S_1", "select * from job where id = $1", List.of(23)),
                new Bind("", "S_1", List.of(), List.of(Bytes.ofAscii(Integer.toString(round))), List.of()),
                new Execute("", 0), new Sync(),
                new DataRow(List.of(Bytes.ofAscii("r" + round), Bytes.of("任务".getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
                new DataRow(List.of(Bytes.ofAscii("s" + round), Bytes.ofAscii("job"))),
                new DataRow(List.of(Bytes.ofAscii("t" + round), Bytes.ofAscii("x"))),
                new CommandComplete("SELECT 3"), new ReadyForQuery('I'));
    }

    /** Adds {@code rounds} more rounds (from round {@code firstRound}) to connection {@code conn}, its frames numbered from {@code seq}. */
    public static void grow(SessionStore s, int conn, long seq, int firstRound, int rounds) throws IOException {
        for (int r = firstRound; r < firstRound + rounds; r++) {
            for (Message m : round(r)) {
                append(s, conn, seq++, m instanceof dev.pgwb.protocol.message.FrontendMessage ? Direction.FRONTEND : Direction.BACKEND,
                        FrameKind.TYPED, m);
            }
        }
        s.flush();
    }

    private static void append(SessionStore s, int conn, long seq, Direction d, FrameKind kind, Message m) {
        byte[] b = Encoder.encode(m);
        // one clock for the whole session, 0.25 ms per message, as a recording would have it
        long time = 1_700_000_000_000_000_000L + s.frameCount() * 250_000L;
        s.append(conn, new Frame(d, seq, time, 0, kind, b, null),
                RecordedFrame.Origin.FORWARDED);
    }
}
