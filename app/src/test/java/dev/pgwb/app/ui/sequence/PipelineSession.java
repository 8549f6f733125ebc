package dev.pgwb.app.ui.sequence;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.BindComplete;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.ParseComplete;
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

/**
 * A long, well-formed extended-query session as a driver makes it: each round
 * Parse/Bind/Execute/Sync answered by ParseComplete, BindComplete, 3 DataRows, CommandComplete and
 * ReadyForQuery; every 50th round's Parse fails (42601) and its Bind and Execute are skipped.
 */
final class PipelineSession {
    private PipelineSession() {
    }

    static SessionStore create(Path file, int frames) throws IOException {
        SessionStore s = SessionStore.create(file);
        int c = s.openConnection("127.0.0.1:40000", "127.0.0.1:5432", 0, "");
        s.setStartup(c, "app", "shop", "pipeline");
        long[] seq = {0};
        append(s, c, seq, FrameKind.UNTYPED, new StartupMessage(StartupCodes.PROTOCOL_3_0,
                List.of(new StartupParameter("user", "app"), new StartupParameter("database", "shop"))));
        append(s, c, seq, FrameKind.TYPED, new ReadyForQuery('I'));
        for (int round = 0; seq[0] < frames; round++) {
            for (Message m : round(round)) {
                append(s, c, seq, FrameKind.TYPED, m);
            }
        }
        s.flush();
        return s;
    }

    private static List<Message> round(int round) {
        Bind bind = new Bind("", "", List.of(), List.of(Bytes.ofAscii(Integer.toString(round))), List.of());
        if (round % 50 == 49) {
            return List.of(new Parse("", "selec * from job where id = $1", List.of(23)), bind, new Execute("", 0), new Sync(),
                    new ErrorResponse(List.of(new NoticeField('S', "ERROR"), new NoticeField('V', "ERROR"),
                            new NoticeField('C', "42601"), new NoticeField('M', "syntax error at or near \"selec\""))),
                    new ReadyForQuery('I'));
        }
        return List.of(new Parse("", "select * from job where id = $1", List.of(23)), bind, new Execute("", 0), new Sync(),
                new ParseComplete(), new BindComplete(),
                new DataRow(List.of(Bytes.ofAscii("r" + round), Bytes.ofAscii("job"))),
                new DataRow(List.of(Bytes.ofAscii("s" + round), Bytes.ofAscii("job"))),
                new DataRow(List.of(Bytes.ofAscii("t" + round), Bytes.ofAscii("job"))),
                new CommandComplete("SELECT 3"), new ReadyForQuery('I'));
    }

    private static void append(SessionStore s, int conn, long[] seq, FrameKind kind, Message m) {
        long time = 1_700_000_000_000_000_000L + seq[0] * 250_000L;
        Direction d = m instanceof FrontendMessage ? Direction.FRONTEND : Direction.BACKEND;
        s.append(conn, new Frame(d, seq[0]++, time, 0, kind, Encoder.encode(m), null), RecordedFrame.Origin.FORWARDED);
    }
}
