package dev.pgwb.protocol.session;

import dev.pgwb.protocol.wire.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An append-only, disk-backed recording of a session: every frame of every connection, in the
 * order they were recorded. Memory stays flat as it grows: only a compact index (offset, length,
 * connection per frame) is kept; frame bytes are read back from the file when asked for.
 *
 * <p>Written as a {@code .pgwb} file ({@link SessionFormat}), flushed to the operating system at
 * least every {@value #FLUSH_MILLIS} ms, so a killed process loses at most that much. Thread-safe:
 * one writer (the relay's recorder) and any number of readers and subscribers.
 */
public final class SessionStore implements AutoCloseable {
    /** Connections opened or closed so far (a counter subscribers watch). */
    private long connectionEvents;
    static final long FLUSH_MILLIS = 250;
    private static final int WRITE_BUFFER = 1 << 20;
    private static final int READ_SPAN = 4 << 20;

    private final Path path;
    private final FileChannel channel;
    private final boolean writable;
    private final boolean deleteOnClose;
    private final String recoveryNote;
    private final ByteBuffer writeBuffer;
    private final ScheduledExecutorService flusher;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private long fileEnd;      // where the next record goes (buffered bytes included)
    private long flushedEnd;   // bytes handed to the OS
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int[] connectionIds = new int[1024];
    private int count;
    private final List<ConnectionInfo> connections = new ArrayList<>();
    private boolean closed;
    /** The first write that failed (disk full, file too large...): from then on the store takes nothing more. */
    private final FirstFailure<IOException> writeFailure = new FirstFailure<>();

    private SessionStore(Path path, FileChannel channel, boolean writable, boolean deleteOnClose, String recoveryNote) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
        this.deleteOnClose = deleteOnClose;
        this.recoveryNote = recoveryNote;
        this.writeBuffer = writable ? ByteBuffer.allocate(WRITE_BUFFER) : null;
        if (writable) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pgwb-session-flush");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    /** A new session file at {@code file} (replaced if it exists). */
    public static SessionStore create(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        SessionStore s = new SessionStore(file, ch, true, false, null);
        s.writeRaw(SessionFormat.header(System.currentTimeMillis()));
        s.flush();
        return s;
    }

    /** A session in a temporary file, deleted on {@link #close()}: for live relays nobody asked to keep. */
    public static SessionStore createTemporary() throws IOException {
        Path tmp = Files.createTempFile("pgwb-session-", ".pgwb");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        SessionStore s = new SessionStore(tmp, ch, true, true, null);
        s.writeRaw(SessionFormat.header(System.currentTimeMillis()));
        return s;
    }

    /**
     * Opens a recorded session for reading. A file cut short (the recording process was killed)
     * opens with every whole record and says so in {@link #recoveryNote()}.
     *
     * @throws SessionFileException when it is not a session file, is of a newer version, or its header is damaged
     */
    public static SessionStore open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(SessionFormat.HEADER_SIZE);
            readFully(ch, header, 0);
            header.flip();
            byte[] magic = new byte[SessionFormat.MAGIC.length];
            if (header.remaining() < SessionFormat.HEADER_SIZE) {
                throw new SessionFileException(file + " is not a PG Wire Workbench session: it is only " + size + " bytes long");
            }
            header.get(magic);
            if (!Arrays.equals(magic, SessionFormat.MAGIC)) {
                throw new SessionFileException(file + " is not a PG Wire Workbench session (.pgwb) file");
            }
            int version = header.getShort() & 0xffff;
            if (version > SessionFormat.VERSION) {
                throw new SessionFileException(file + " was written by a newer PG Wire Workbench (session format version "
                        + version + "; this version reads up to " + SessionFormat.VERSION + "). Please update to open it.");
            }
            SessionStore s = new SessionStore(file, ch, false, false, null);
            String note = s.scan(size);
            return note == null ? s : s.withRecoveryNote(note);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** True when the file starts like a session file (whatever its name). */
    public static boolean looksLikeSession(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SessionFormat.MAGIC.length), SessionFormat.MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    private SessionStore withRecoveryNote(String note) {
        SessionStore s = new SessionStore(path, channel, false, false, note);
        s.offsets = offsets;
        s.lengths = lengths;
        s.connectionIds = connectionIds;
        s.count = count;
        s.connections.addAll(connections);
        s.fileEnd = fileEnd;
        s.flushedEnd = flushedEnd;
        return s;
    }

    /** Reads every whole record; returns a note when the file ends inside one (or a damaged one). */
    private String scan(long size) throws IOException {
        long pos = SessionFormat.HEADER_SIZE;
        ByteBuffer head = ByteBuffer.allocate(5);
        while (pos < size) {
            if (size - pos < SessionFormat.RECORD_OVERHEAD) {
                return cutNote(pos, size);
            }
            head.clear();
            readFully(channel, head, pos);
            head.flip();
            int len = head.getInt();
            int type = head.get() & 0xff;
            if (len < 0 || len > SessionFormat.MAX_BODY || size - pos < (long) SessionFormat.RECORD_OVERHEAD + len) {
                return cutNote(pos, size);
            }
            ByteBuffer rec = ByteBuffer.allocate(SessionFormat.RECORD_OVERHEAD + len);
            readFully(channel, rec, pos);
            if (!SessionFormat.checksumOk(rec.array(), 0, len)) {
                return cutNote(pos, size);
            }
            ByteBuffer body = ByteBuffer.wrap(rec.array(), 5, len);
            try {
                switch (type) {
                    case SessionFormat.CONNECTION_OPEN -> connections.add(SessionFormat.readOpen(body));
                    case SessionFormat.FRAME -> index(pos, SessionFormat.RECORD_OVERHEAD + len, body.getInt(body.position()));
                    case SessionFormat.CONNECTION_CLOSE -> {
                        int id = body.getInt();
                        long time = body.getLong();
                        update(id, c -> c.closed(time, SessionFormat.getString(body)));
                    }
                    case SessionFormat.CONNECTION_NOTE -> {
                        int id = body.getInt();
                        body.getLong();
                        String text = SessionFormat.getString(body);
                        update(id, c -> c.withNote(text));
                    }
                    case SessionFormat.CONNECTION_STARTUP -> {
                        int id = body.getInt();
                        String user = SessionFormat.getString(body);
                        String database = SessionFormat.getString(body);
                        String app = SessionFormat.getString(body);
                        update(id, c -> c.withStartup(user, database, app));
                    }
                    default -> { } // a record type from a later minor revision: skipped, its checksum was fine
                }
            } catch (RuntimeException e) {
                return "record at byte " + pos + " is damaged (" + e.getMessage() + "); " + (size - pos)
                        + " bytes from there on were not read";
            }
            pos += SessionFormat.RECORD_OVERHEAD + len;
        }
        fileEnd = flushedEnd = pos;
        return null;
    }

    private String cutNote(long pos, long size) {
        fileEnd = flushedEnd = pos;
        return "the recording was cut short: the last " + (size - pos) + " bytes (from byte " + pos
                + ") are an incomplete record and were left out; everything before is intact";
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    // ------------------------------------------------------------------ writing

    /** Records a new connection; returns its id (1, 2, ...). */
    public synchronized int openConnection(String client, String upstream, long timeNanos, String note) {
        requireWritable();
        ConnectionInfo c = new ConnectionInfo(connections.size() + 1, client, upstream, timeNanos, note);
        connections.add(c);
        writeRecord(SessionFormat.CONNECTION_OPEN, SessionFormat.openBody(c));
        connectionEvents++;
        notifyAll();
        return c.id();
    }

    public synchronized void closeConnection(int id, long timeNanos, String reason) {
        requireWritable();
        update(id, c -> c.closed(timeNanos, reason));
        writeRecord(SessionFormat.CONNECTION_CLOSE, SessionFormat.eventBody(id, timeNanos, reason));
        connectionEvents++;
        notifyAll();
    }

    /** Adds a fact to a connection (e.g. which connection a CancelRequest targeted). */
    public synchronized void noteConnection(int id, long timeNanos, String text) {
        requireWritable();
        update(id, c -> c.withNote(text));
        writeRecord(SessionFormat.CONNECTION_NOTE, SessionFormat.eventBody(id, timeNanos, text));
        notifyAll();
    }

    /** Records who the connection's StartupMessage said it was. */
    public synchronized void setStartup(int id, String user, String database, String applicationName) {
        requireWritable();
        update(id, c -> c.withStartup(user, database, applicationName));
        writeRecord(SessionFormat.CONNECTION_STARTUP, SessionFormat.startupBody(id, user, database, applicationName));
        notifyAll();
    }

    /** Appends one frame; returns its index in the session. */
    public synchronized long append(int connectionId, Frame frame, RecordedFrame.Origin origin) {
        requireWritable();
        long at = fileEnd;
        int len = writeRecord(SessionFormat.FRAME, SessionFormat.frameBody(connectionId, frame, origin));
        index(at, len, connectionId);
        notifyAll();
        return count - 1;
    }

    private void index(long offset, int length, int connectionId) {
        if (count == offsets.length) {
            int n = count * 2;
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            connectionIds = Arrays.copyOf(connectionIds, n);
        }
        offsets[count] = offset;
        lengths[count] = length;
        connectionIds[count] = connectionId;
        count++;
    }

    private int writeRecord(int type, ByteBuffer body) {
        ByteBuffer rec = SessionFormat.record(type, body);
        int len = rec.remaining();
        writeRaw(rec);
        return len;
    }

    private void writeRaw(ByteBuffer rec) {
        if (writeFailure.get() != null) {
            throw new UncheckedIOException(writeFailure.get().getMessage(), writeFailure.get());
        }
        try {
            if (rec.remaining() > writeBuffer.remaining()) {
                flush();
            }
            if (rec.remaining() > writeBuffer.capacity()) {
                long pos = fileEnd;
                while (rec.hasRemaining()) {
                    pos += channel.write(rec, pos);
                }
                fileEnd = flushedEnd = pos;
                return;
            }
            fileEnd += rec.remaining();
            writeBuffer.put(rec);
        } catch (IOException e) {
            IOException f = failed(e);
            throw new UncheckedIOException(f.getMessage(), f);
        }
    }

    /**
     * Remembers the first write failure and tells the listeners, on this thread and holding the
     * lock: the bytes still buffered stay readable ({@link #readable}), nothing more is written.
     */
    private IOException failed(IOException e) {
        return writeFailure.get() != null ? writeFailure.get()
                : writeFailure.set(new IOException("cannot write the session file " + path + ": " + e.getMessage(), e));
    }

    /**
     * Tells {@code listener} of the first write to the session file that fails (a full disk, a file
     * grown beyond what the system allows, an unwritable file), once, on the thread that met it (a
     * writer, or the background flush): at once when one failed already. Keep it short and do not
     * call back into the store from it. After a failure the store records nothing more (writes throw);
     * what it held stays readable.
     */
    public void onWriteFailure(Consumer<IOException> listener) {
        writeFailure.listen(listener);
    }

    /** The write failure that stopped this recording, if any. */
    public Optional<IOException> writeFailure() {
        return Optional.ofNullable(writeFailure.get());
    }

    /** Hands buffered records to the operating system (they survive the process being killed). */
    public synchronized void flush() throws IOException {
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
        if (!writable || writeBuffer.position() == 0) {
            return;
        }
        writeBuffer.flip();
        long pos = flushedEnd;
        try {
            while (writeBuffer.hasRemaining()) {
                pos += channel.write(writeBuffer, pos);
            }
        } catch (IOException e) {
            throw failed(e);
        }
        writeBuffer.clear();
        flushedEnd = pos;
    }

    private void flushQuietly() {
        try {
            synchronized (this) {
                if (!closed && writeFailure.get() == null) {
                    flush();
                }
            }
        } catch (IOException e) {
            // failed() told the listeners already
        }
    }

    /**
     * Makes the recorded bytes {@code [start, end)} readable and says how many of them, from
     * {@code start}, the file holds: buffered bytes are flushed; after a write failure, those that
     * never reached the file are copied from the write buffer into {@code into} (indexed from
     * {@code start}) instead.
     */
    private synchronized long readable(long start, long end, byte[] into) {
        if (end <= flushedEnd) {
            return end - start;
        }
        if (writeFailure.get() == null) {
            try {
                flush();
                return end - start;
            } catch (IOException e) {
                // failed(): read the rest from the buffer below
            }
        }
        long from = Math.max(start, flushedEnd);
        System.arraycopy(writeBuffer.array(), (int) (from - flushedEnd), into, (int) (from - start), (int) (end - from));
        return Math.max(0, flushedEnd - start);
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("session " + path + " was opened for reading");
        }
        if (closed) {
            throw new IllegalStateException("session " + path + " is closed");
        }
        if (writeFailure.get() != null) {
            throw new UncheckedIOException(writeFailure.get().getMessage(), writeFailure.get());
        }
    }

    private void update(int id, java.util.function.UnaryOperator<ConnectionInfo> change) {
        if (id >= 1 && id <= connections.size()) {
            connections.set(id - 1, change.apply(connections.get(id - 1)));
        }
    }

    // ------------------------------------------------------------------ reading

    public Path path() {
        return path;
    }

    /** Set when an opened file was cut short or damaged: what was left out. */
    public Optional<String> recoveryNote() {
        return Optional.ofNullable(recoveryNote);
    }

    public synchronized long frameCount() {
        return count;
    }

    public synchronized List<ConnectionInfo> connections() {
        return List.copyOf(connections);
    }

    public synchronized ConnectionInfo connection(int id) {
        return connections.get(id - 1);
    }

    public synchronized int connectionIdOf(long index) {
        checkIndex(index);
        return connectionIds[(int) index];
    }

    /** The frame at {@code index}, read back from the file. */
    public RecordedFrame frame(long index) {
        long offset;
        int length;
        ByteBuffer rec;
        synchronized (this) {
            checkIndex(index);
            offset = offsets[(int) index];
            length = lengths[(int) index];
            rec = ByteBuffer.allocate(length);
            rec.limit((int) readable(offset, offset + length, rec.array()));
        }
        try {
            readFully(channel, rec, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the session file " + path + ": " + e.getMessage(), e);
        }
        return SessionFormat.readFrame(index, ByteBuffer.wrap(rec.array(), 5, length - SessionFormat.RECORD_OVERHEAD));
    }

    /** Frames {@code [from, to)}, read with one file read per run of up to {@value #READ_SPAN} bytes. */
    public List<RecordedFrame> frames(long from, long to) {
        List<RecordedFrame> out = new ArrayList<>((int) Math.max(0, to - from));
        long i = from;
        while (i < to) {
            long start;
            long end;
            long j;
            ByteBuffer span;
            synchronized (this) {
                checkIndex(i);
                checkIndex(to - 1);
                start = offsets[(int) i];
                j = i;
                end = start;
                // frames lie in the file in index order, with only small records between them
                while (j < to && (offsets[(int) j] + lengths[(int) j] - start <= READ_SPAN || j == i)) {
                    end = offsets[(int) j] + lengths[(int) j];
                    j++;
                }
                span = ByteBuffer.allocate((int) (end - start));
                span.limit((int) readable(start, end, span.array()));
            }
            try {
                readFully(channel, span, start);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the session file " + path + ": " + e.getMessage(), e);
            }
            for (long k = i; k < j; k++) {
                int at;
                int len;
                synchronized (this) {
                    at = (int) (offsets[(int) k] - start);
                    len = lengths[(int) k];
                }
                out.add(SessionFormat.readFrame(k, ByteBuffer.wrap(span.array(), at + 5, len - SessionFormat.RECORD_OVERHEAD)));
            }
            i = j;
        }
        return out;
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + count);
        }
    }

    // ------------------------------------------------------------------ live subscribers

    /**
     * Delivers every frame from {@code fromIndex} on, in batches, on a thread of its own: the
     * writer never waits for a subscriber, and one that falls behind catches up from the file.
     */
    public Subscription subscribe(long fromIndex, Consumer<List<RecordedFrame>> batches) {
        Subscription s = new Subscription(this, fromIndex, batches);
        subscriptions.add(s);
        s.start();
        return s;
    }

    /** How many times a connection was opened or closed so far: subscribers tell their consumer when it changes. */
    synchronized long connectionEvents() {
        return connectionEvents;
    }

    /** Waits until there are frames past {@code cursor} or the store closes; returns the frame count. */
    synchronized long awaitBeyond(long cursor, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (count <= cursor && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return count;
    }

    /** Waits until connection {@code id} is recorded as closed; returns its info either way. */
    public synchronized ConnectionInfo awaitClosed(int id, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while ((id > connections.size() || connections.get(id - 1).isOpen()) && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return id <= connections.size() ? connections.get(id - 1) : null;
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    void unsubscribe(Subscription s) {
        subscriptions.remove(s);
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (writable && writeFailure.get() == null) {
                flush();
                channel.force(true);
            }
            closed = true;
            notifyAll();
        }
        for (Subscription s : subscriptions) {
            s.awaitEnd();
        }
        if (flusher != null) {
            flusher.shutdownNow();
        }
        channel.close();
        if (deleteOnClose) {
            Files.deleteIfExists(path);
        }
    }
}
