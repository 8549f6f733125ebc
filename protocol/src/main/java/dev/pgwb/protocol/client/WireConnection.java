package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.ConnectionDecoder;
import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.session.Clock;
import dev.pgwb.protocol.session.Recorder;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Framer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * One connection of the wire client: sends exactly the bytes it is given, and reads whatever the
 * server answers on a thread of its own into an inbox the script reads at its pace. Every byte
 * both ways is handed to the session {@link Recorder} (so a composed connection is recorded like a
 * relayed one) and decoded, with the same per-connection state the workbench uses.
 *
 * <p>The TLS negotiation (SSLRequest and its one-byte answer, GSSENCRequest, the handshake) is
 * done synchronously before the reader starts; the reader starts with the first other message.
 */
public final class WireConnection implements AutoCloseable {

    private final int id;
    private final String label;
    private final Recorder recorder;
    private final WireClient.Listener listener;
    private final Socket socket;
    private final SocketChannel unixChannel;
    private InputStream in;
    private OutputStream out;
    private final Framer framer = new Framer();
    private final ConnectionDecoder decoder;
    private final LinkedBlockingDeque<Incoming> inbox = new LinkedBlockingDeque<>();
    private final AtomicBoolean closeRecorded = new AtomicBoolean();
    private Thread reader;
    private boolean autoFlush = true;
    private volatile BackendKeyData backendKey;
    private volatile String serverVersion;
    private volatile boolean authenticated;
    private volatile X509Certificate serverCertificate;
    private volatile boolean closed;
    private volatile boolean closing;
    private volatile String closeReason;
    private final Object activity = new Object();
    private long lastActivityNanos = System.nanoTime();
    /** The last message from the server was CopyInResponse or CopyBothResponse: it waits for the client, not the other way. */
    private volatile boolean serverAwaitsCopyData;

    WireConnection(int id, String label, Socket socket, SocketChannel unixChannel, Recorder recorder, WireClient.Listener listener,
                   boolean revealSecrets) throws IOException {
        this.id = id;
        this.label = label;
        this.socket = socket;
        this.unixChannel = unixChannel;
        this.recorder = recorder;
        this.listener = listener;
        this.decoder = new ConnectionDecoder(framer, new ConnectionState(), new Decoder(revealSecrets));
        if (socket != null) {
            in = socket.getInputStream();
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        } else {
            in = Channels.newInputStream(unixChannel);
            out = new BufferedOutputStream(Channels.newOutputStream(unixChannel), 1 << 16);
        }
    }

    /** The connection's number in the session. */
    public int id() {
        return id;
    }

    /** ReadyForQuery messages the server still owes: one per Query, Sync and FunctionCall sent. */
    private final java.util.concurrent.atomic.AtomicInteger awaitingReady = new java.util.concurrent.atomic.AtomicInteger();

    /** The script's name for it ({@code main} unless the script named it). */
    public String label() {
        return label;
    }

    public boolean isTls() {
        return serverCertificate != null;
    }

    /** The server's certificate after a TLS handshake (for SCRAM channel binding), or null. */
    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** The last BackendKeyData the server sent: what a CancelRequest for this connection carries. */
    public BackendKeyData backendKey() {
        return backendKey;
    }

    /** True once AuthenticationOk came: the server no longer waits for a password, so a Terminate is understood. */
    public boolean authenticated() {
        return authenticated;
    }

    /** The server's {@code server_version} ParameterStatus (e.g. {@code 18.1}), or null until it came. */
    public String serverVersion() {
        return serverVersion;
    }

    /** Negotiated protocol version as the decoder tracked it (StartupMessage, then NegotiateProtocolVersion). */
    public int protocolVersion() {
        synchronized (decoder) {
            return decoder.state().protocolVersion();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * With auto-flush off, sent messages collect in a buffer until {@link #flush()} (pipelining:
     * the server gets them in as few TCP segments as possible).
     */
    public void autoFlush(boolean on) {
        autoFlush = on;
    }

    // ------------------------------------------------------------------ TLS negotiation, before the reader runs

    /** Does what the settings' sslmode and sslnegotiation ask for before the startup packet. */
    void negotiateTls(ConnectionSettings s, java.nio.file.Path home) throws IOException {
        if (socket == null || !s.sslMode().asksForTls()) {
            if (socket == null && s.sslMode().requiresTls()) {
                throw new IOException("sslmode=" + s.sslMode().keyword() + " cannot be honoured over a Unix-domain socket");
            }
            return;
        }
        if (s.sslNegotiation() == SslNegotiation.DIRECT) {
            startTls(s, home, "direct TLS (sslnegotiation=direct)");
            return;
        }
        char answer = sslRequest(s, home);
        if (answer != 'S' && s.sslMode().requiresTls()) {
            throw new IOException("server does not support SSL, but SSL was required (sslmode=" + s.sslMode().keyword() + ")");
        }
    }

    /**
     * Sends SSLRequest and reads the one-byte answer; on {@code 'S'} does the TLS handshake with
     * the settings' verification. Returns the answer ('S', 'N', or 'E' when the server sent an error instead).
     */
    public char sslRequest(ConnectionSettings s, java.nio.file.Path home) throws IOException {
        int b = negotiationRequest(new SSLRequest());
        if (b == 'S') {
            if (socket == null) {
                throw new IOException("the server accepted TLS over a Unix-domain socket, which pgwb does not do");
            }
            startTls(s, home, "TLS after SSLRequest");
        }
        return (char) b;
    }

    /** Sends GSSENCRequest and reads the answer; pgwb does not do GSSAPI, so a 'G' ends with an error. */
    public char gssEncRequest() throws IOException {
        int b = negotiationRequest(new GSSENCRequest());
        if (b == 'G') {
            throw new IOException("the server accepted GSSAPI encryption, which pgwb does not do");
        }
        return (char) b;
    }

    private int negotiationRequest(FrontendMessage request) throws IOException {
        if (reader != null) {
            throw new IOException(request.typeName() + " must come before any other message on a connection");
        }
        write(Encoder.encode(request));
        out.flush();
        int b = in.read();
        if (b < 0) {
            received(new byte[0], true);
            throw new IOException("the server closed the connection in answer to " + request.typeName());
        }
        if (b == 'E') {
            // a server too old for the request answers with an ErrorResponse: let the reader take it from here
            startReader(new byte[] {(byte) b});
            return b;
        }
        received(new byte[] {(byte) b}, false);
        return b;
    }

    private void startTls(ConnectionSettings s, java.nio.file.Path home, String how) throws IOException {
        SSLSocket ssl = ClientTls.handshake(socket, s, home);
        in = ssl.getInputStream();
        out = new BufferedOutputStream(ssl.getOutputStream(), 1 << 16);
        Certificate[] chain = ssl.getSession().getPeerCertificates();
        serverCertificate = chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        synchronized (decoder) {
            framer.tlsTerminated(); // from here on both sides see the plaintext inside TLS
        }
        recorder.tlsTerminated(id);
        String note = how + ": " + ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite()
                + ", sslmode=" + s.sslMode().keyword();
        recorder.note(id, note);
        listener.note(id, note);
    }

    // ------------------------------------------------------------------ sending

    /** Encodes and sends one message (buffered until {@link #flush()} when auto-flush is off). */
    public void send(FrontendMessage message) throws IOException {
        sendRaw(Encoder.encode(message));
    }

    /** Sends these bytes exactly as given: a message, several, half of one, or garbage. */
    public void sendRaw(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("connection " + label + " is closed" + (closeReason == null ? "" : " (" + closeReason + ")"));
        }
        if (reader == null) {
            startReader(new byte[0]);
        }
        write(bytes);
        if (autoFlush) {
            out.flush();
        }
    }

    public void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    private void write(byte[] bytes) throws IOException {
        long now = Clock.nanos();
        recorder.forwarded(id, Direction.FRONTEND, bytes, bytes.length, now);
        List<Decoded> sent;
        synchronized (decoder) {
            sent = decoder.feed(Direction.FRONTEND, bytes, now);
        }
        for (Decoded d : sent) {
            if (d.message() instanceof dev.pgwb.protocol.message.Query || d.message() instanceof dev.pgwb.protocol.message.Sync
                    || d.message() instanceof dev.pgwb.protocol.message.FunctionCall) {
                awaitingReady.incrementAndGet();
            }
            listener.sent(id, d);
        }
        out.write(bytes);
    }

    // ------------------------------------------------------------------ receiving

    /** The next thing from the server, waiting up to {@code timeout}; null when nothing came. The end of the connection stays. */
    public Incoming next(Duration timeout) throws InterruptedException {
        Incoming i = inbox.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (i != null && i.isClosed()) {
            inbox.addFirst(i);
        }
        return i;
    }

    /** The next thing from the server without taking it, waiting up to {@code timeout}; null when nothing came. */
    public Incoming peek(Duration timeout) throws InterruptedException {
        Incoming i = inbox.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (i != null) {
            inbox.addFirst(i);
        }
        return i;
    }

    /**
     * Waits until the server owes no ReadyForQuery (unless it waits for the client's COPY data) and
     * nothing has arrived for {@code quiet} (counted from now at the earliest), or {@code max} has
     * passed, or the connection ended: "wait for each reply" without knowing how many replies a
     * message gets. A slow server (a busy machine) is waited for, not taken for a quiet one.
     */
    public void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        synchronized (activity) {
            while (!closed) {
                long now = System.nanoTime();
                boolean owed = awaitingReady.get() > 0 && !serverAwaitsCopyData;
                long quietUntil = owed ? deadline : Math.max(lastActivityNanos, start) + quiet.toNanos();
                long until = Math.min(quietUntil, deadline);
                if (now >= until) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(activity, until - now);
            }
        }
    }

    /** A pause the script asked for ({@code await 500ms}); ends early only if interrupted. */
    public void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d);
    }

    /**
     * Whether the server still owes a ReadyForQuery for something sent (a Query, Sync or
     * FunctionCall): a statement may be running, which a CancelRequest would stop.
     */
    public boolean awaitingReadyForQuery() {
        return awaitingReady.get() > 0;
    }

    /** Whatever arrived and was not read yet, without waiting. */
    public int pending() {
        return inbox.size();
    }

    private void startReader(byte[] alreadyRead) {
        reader = Thread.ofPlatform().name("pgwb-client-" + id).daemon().start(() -> readLoop(alreadyRead));
    }

    private void readLoop(byte[] alreadyRead) {
        String reason = "server closed the connection";
        try {
            if (alreadyRead.length > 0) {
                received(alreadyRead, false);
            }
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    received(java.util.Arrays.copyOf(buf, n), false);
                }
            }
        } catch (IOException e) {
            reason = "connection lost: " + e.getMessage();
        } finally {
            if (closing) {
                reason = "closed by the script";
            }
            received(new byte[0], true);
            closed = true;
            closeReason = reason;
            inbox.add(Incoming.closed(reason));
            if (closeRecorded.compareAndSet(false, true)) {
                recorder.closed(id, reason);
                listener.closed(id, reason);
            }
        }
    }

    private void received(byte[] bytes, boolean end) {
        long now = Clock.nanos();
        List<Decoded> got;
        synchronized (decoder) {
            if (end) {
                got = decoder.finish(Direction.BACKEND, now);
            } else {
                recorder.forwarded(id, Direction.BACKEND, bytes, bytes.length, now);
                got = decoder.feed(Direction.BACKEND, bytes, now);
            }
        }
        for (Decoded d : got) {
            // known before any message of the batch is read from the inbox: a script that has just
            // read AuthenticationOk can already ask which server it talks to, and whether it logged in
            if (d.message() instanceof dev.pgwb.protocol.message.ParameterStatus p && p.name().equals("server_version")) {
                serverVersion = p.value();
            } else if (d.message() instanceof dev.pgwb.protocol.message.AuthenticationOk) {
                authenticated = true;
            }
        }
        for (Decoded d : got) {
            if (d.message() instanceof BackendKeyData k) {
                backendKey = k;
            } else if (d.message() instanceof dev.pgwb.protocol.message.ReadyForQuery) {
                awaitingReady.updateAndGet(n -> Math.max(0, n - 1));
            }
            serverAwaitsCopyData = d.message() instanceof dev.pgwb.protocol.message.CopyInResponse
                    || d.message() instanceof dev.pgwb.protocol.message.CopyBothResponse;
            listener.received(id, d);
            inbox.add(new Incoming(d, null));
        }
        synchronized (activity) {
            lastActivityNanos = System.nanoTime();
            activity.notifyAll();
        }
    }

    /** Closes the socket (no Terminate: send one first for a polite goodbye). */
    @Override
    public void close() {
        boolean wasClosed = closed;
        closing = true;
        closed = true;
        try {
            if (!wasClosed) {
                out.flush();
            }
        } catch (IOException e) {
            // the server may be gone already; closing anyway
        }
        try {
            if (socket != null) {
                socket.close();
            } else {
                unixChannel.close();
            }
        } catch (IOException e) {
            // nothing more to do
        }
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (closeRecorded.compareAndSet(false, true)) {
            closeReason = "closed by the script";
            inbox.add(Incoming.closed(closeReason));
            recorder.closed(id, closeReason);
            listener.closed(id, closeReason);
        }
    }

    @Override
    public String toString() {
        return "connection " + label + " (#" + id + ")";
    }
}
