package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A frontend that speaks raw messages built by the {@link Encoder}, for what a driver will not send. */
final class RawClient implements AutoCloseable {
    /** One backend message: its type byte and body. */
    record Reply(char type, byte[] body) {
        /** The SQLSTATE of an ErrorResponse. */
        String sqlState() {
            int i = 0;
            while (i < body.length && body[i] != 0) {
                int code = body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                if (code == 'C') {
                    return new String(body, i, end - i, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return "";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static RawClient connect(int port, String database) throws IOException {
        RawClient c = new RawClient(port);
        c.send(new StartupMessage(196608, List.of(new StartupParameter("user", "postgres"),
                new StartupParameter("database", database))));
        c.untilReady();
        return c;
    }

    /** Writes the messages in one chunk, as a pipelining driver does. */
    RawClient send(Message... messages) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Message m : messages) {
            b.writeBytes(Encoder.encode(m));
        }
        out.write(b.toByteArray());
        out.flush();
        return this;
    }

    /** Every backend message up to and including ReadyForQuery (or the end of the stream). */
    List<Reply> untilReady() throws IOException {
        List<Reply> got = new ArrayList<>();
        while (true) {
            int type = in.read();
            if (type < 0) {
                return got;
            }
            int len = in.readInt();
            byte[] body = new byte[len - 4];
            in.readFully(body);
            got.add(new Reply((char) type, body));
            if (type == 'Z') {
                return got;
            }
        }
    }

    /** The SQLSTATEs of the ErrorResponses up to ReadyForQuery. */
    List<String> errorsUntilReady() throws IOException {
        return untilReady().stream().filter(r -> r.type() == 'E').map(Reply::sqlState).toList();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
