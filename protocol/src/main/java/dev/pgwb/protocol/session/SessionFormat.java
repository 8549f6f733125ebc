package dev.pgwb.protocol.session;

import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The {@code .pgwb} session file, version 1 (see docs/session-format.md): a header, then records
 * {@code u32 body length | u8 type | body | u32 CRC32C(type + body)}, big-endian, appended only.
 * A record is valid only with its checksum, so a file cut anywhere reads back up to the last whole record.
 */
final class SessionFormat {
    static final byte[] MAGIC = {'P', 'G', 'W', 'B', '\r', '\n', 0x1a, '\n'};
    static final int VERSION = 1;
    static final int HEADER_SIZE = MAGIC.length + 2 + 2 + 8;
    /** Record overhead: length, type, checksum. */
    static final int RECORD_OVERHEAD = 4 + 1 + 4;
    /** Larger than any frame the framer can produce (its 1 GiB limit) plus fields: anything bigger is corruption. */
    static final int MAX_BODY = (1 << 30) + 4096;

    static final int CONNECTION_OPEN = 1;
    static final int FRAME = 2;
    static final int CONNECTION_CLOSE = 3;
    static final int CONNECTION_NOTE = 4;
    static final int CONNECTION_STARTUP = 5;

    private SessionFormat() {
    }

    static ByteBuffer header(long createdMillis) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(createdMillis);
        return b.flip();
    }

    /** A whole record (length, type, body, checksum) ready to append. */
    static ByteBuffer record(int type, ByteBuffer body) {
        int len = body.remaining();
        ByteBuffer r = ByteBuffer.allocate(RECORD_OVERHEAD + len);
        r.putInt(len).put((byte) type).put(body);
        CRC32C crc = new CRC32C();
        crc.update(r.array(), 4, 1 + len);
        r.putInt((int) crc.getValue());
        return r.flip();
    }

    static boolean checksumOk(byte[] record, int off, int bodyLen) {
        CRC32C crc = new CRC32C();
        crc.update(record, off + 4, 1 + bodyLen);
        int stored = ByteBuffer.wrap(record, off + 5 + bodyLen, 4).getInt();
        return stored == (int) crc.getValue();
    }

    static ByteBuffer frameBody(int connectionId, Frame f, RecordedFrame.Origin origin) {
        byte[] problem = f.problem() == null ? null : f.problem().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 3 + 8 * 3 + 4 + (problem == null ? 0 : problem.length) + 4 + f.length());
        b.putInt(connectionId).put((byte) f.direction().ordinal()).put((byte) f.kind().ordinal()).put((byte) origin.ordinal())
                .putLong(f.seq()).putLong(f.timeNanos()).putLong(f.streamOffset());
        putBytes(b, problem);
        b.putInt(f.length()).put(f.bytes());
        return b.flip();
    }

    static RecordedFrame readFrame(long index, ByteBuffer body) {
        int conn = body.getInt();
        Direction dir = Direction.values()[body.get() & 1];
        int kindCode = body.get() & 0xff;
        FrameKind[] kinds = FrameKind.values();
        FrameKind kind = kindCode < kinds.length ? kinds[kindCode] : FrameKind.RAW;
        RecordedFrame.Origin origin = RecordedFrame.Origin.of(body.get() & 0xff);
        long seq = body.getLong();
        long time = body.getLong();
        long offset = body.getLong();
        String problem = getString(body);
        int n = body.getInt();
        byte[] bytes = new byte[n];
        body.get(bytes);
        return new RecordedFrame(index, conn, new Frame(dir, seq, time, offset, kind, bytes, problem), origin);
    }

    static ByteBuffer openBody(ConnectionInfo c) {
        byte[] client = c.client().getBytes(StandardCharsets.UTF_8);
        byte[] upstream = c.upstream().getBytes(StandardCharsets.UTF_8);
        byte[] note = c.note().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 12 + client.length + upstream.length + note.length);
        b.putInt(c.id()).putLong(c.openedNanos());
        putBytes(b, client);
        putBytes(b, upstream);
        putBytes(b, note);
        return b.flip();
    }

    static ConnectionInfo readOpen(ByteBuffer b) {
        int id = b.getInt();
        long time = b.getLong();
        return new ConnectionInfo(id, getString(b), getString(b), time, getString(b));
    }

    /** Body of CONNECTION_CLOSE and CONNECTION_NOTE: connection, time, text. */
    static ByteBuffer eventBody(int connectionId, long timeNanos, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + t.length);
        b.putInt(connectionId).putLong(timeNanos);
        putBytes(b, t);
        return b.flip();
    }

    /** Body of CONNECTION_STARTUP: connection, user, database, application_name. */
    static ByteBuffer startupBody(int connectionId, String user, String database, String applicationName) {
        byte[][] parts = {user.getBytes(StandardCharsets.UTF_8), database.getBytes(StandardCharsets.UTF_8),
                applicationName.getBytes(StandardCharsets.UTF_8)};
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + parts[0].length + parts[1].length + parts[2].length);
        b.putInt(connectionId);
        for (byte[] p : parts) {
            putBytes(b, p);
        }
        return b.flip();
    }

    private static void putBytes(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putInt(-1);
        } else {
            b.putInt(s.length).put(s);
        }
    }

    static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
