package dev.pgwb.protocol.relay;

import dev.pgwb.protocol.session.Clock;
import dev.pgwb.protocol.session.Recorder;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.session.RecordedFrame.Origin;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.StartupCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection through the relay: the startup negotiation the relay takes part in
 * (TLS and GSS requests), then two pumps, one per direction, each on its own platform thread,
 * that hand the recorder a copy of what they read (a queue add, never a wait) and then write it to the other side.
 */
final class RelayConnection {
    /** A startup packet longer than this is not one (PostgreSQL itself stops at 10000). */
    private static final int MAX_STARTUP_PACKET = 10_000;
    /** Limit for a message parsed during authentication (SCRAM filter); anything longer is passed on unparsed. */
    private static final int MAX_AUTH_MESSAGE = 1 << 20;

    private final Relay relay;
    private final RelayConfig config;
    private final Recorder recorder;
    private final int id;
    private final Socket clientSocket;
    private volatile Socket client;
    private volatile Socket upstream;
    private InputStream cin;
    private OutputStream cout;
    private InputStream uin;
    private OutputStream uout;
    private volatile String endReason;
    private boolean clientTls;

    RelayConnection(Relay relay, int id, Socket clientSocket) {
        this.relay = relay;
        this.config = relay.config();
        this.recorder = relay.recorder();
        this.id = id;
        this.clientSocket = clientSocket;
        this.client = clientSocket;
    }

    /** Runs on the client→server thread until both directions are done. */
    void run() {
        try {
            cin = client.getInputStream();
            cout = client.getOutputStream();
            IOException upstreamFailure = null;
            try {
                connectUpstream();
            } catch (IOException e) {
                upstreamFailure = e;
            }
            if (!negotiate(upstreamFailure)) {
                return;
            }
            Thread s2c = Thread.ofPlatform().name("pgwb-relay-" + id + "-s2c").daemon().start(this::serverToClient);
            pump(cin, uout, Direction.FRONTEND, upstream);
            s2c.join();
        } catch (IOException e) {
            end(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end("relay stopped");
        } finally {
            closeQuietly(client);
            closeQuietly(clientSocket);
            closeQuietly(upstream);
            recorder.closed(id, endReason == null ? "closed" : endReason);
            relay.connectionEnded(this);
        }
    }

    /** Closes both sides at once (relay shutdown). */
    void abort() {
        end("relay stopped");
        closeQuietly(client);
        closeQuietly(clientSocket);
        closeQuietly(upstream);
    }

    private void end(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
    }

    // ------------------------------------------------------------------ upstream

    private void connectUpstream() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(config.upstreamHost(), config.upstreamPort()), config.connectTimeoutMillis());
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
        upstream = s;
        uin = s.getInputStream();
        uout = s.getOutputStream();
        if (config.tls() != TlsMode.PASSTHROUGH && config.upstreamTls().asksForTls()) {
            upstreamTls();
        }
    }

    /** The relay's own SSLRequest to the server; not part of the client's conversation, so noted rather than recorded. */
    private void upstreamTls() throws IOException {
        uout.write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
        int answer = uin.read();
        if (answer == 'S') {
            SSLSocket ssl = relay.upstreamTlsSockets().wrap(upstream, config);
            upstream = ssl;
            uin = ssl.getInputStream();
            uout = ssl.getOutputStream();
            recorder.note(id, "upstream TLS " + ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite());
        } else if (answer == 'N' && !config.upstreamTls().requiresTls()) {
            recorder.note(id, "upstream refused TLS; plaintext to the server (--upstream-tls prefer)");
        } else {
            throw new IOException(answer == 'N' ? "the server does not accept TLS (--upstream-tls " + config.upstreamTls().keyword() + ")"
                    : "the server answered " + answer + " to SSLRequest");
        }
    }

    // ------------------------------------------------------------------ startup negotiation

    /**
     * Reads the client's startup-phase packets and takes the part the relay must take: answer TLS
     * and GSS requests, forward a CancelRequest, or refuse with an ErrorResponse when the server
     * cannot be reached. Returns true when the pumps should start.
     */
    private boolean negotiate(IOException upstreamFailure) throws IOException {
        while (true) {
            int first = cin.read();
            if (first < 0) {
                end("client closed before its startup packet");
                return false;
            }
            if (first == 0x16) {
                return directTls(upstreamFailure);
            }
            byte[] head = new byte[8];
            head[0] = (byte) first;
            readFully(cin, head, 1, 7);
            int length = ByteBuffer.wrap(head).getInt();
            int code = ByteBuffer.wrap(head, 4, 4).getInt();
            if (length < 8 || length > MAX_STARTUP_PACKET) {
                // Not a startup packet: forward it as it is and let the server say what it thinks.
                if (upstreamFailure != null) {
                    refuse(upstreamFailure);
                    return false;
                }
                send(uout, head, Direction.FRONTEND);
                return true;
            }
            byte[] packet = new byte[length];
            System.arraycopy(head, 0, packet, 0, 8);
            readFully(cin, packet, 8, length - 8);
            switch (code) {
                case StartupCodes.SSL_REQUEST -> {
                    if (clientTls) {
                        answer(packet, 'N');
                        continue;
                    }
                    switch (config.tls()) {
                        case REFUSE -> answer(packet, 'N');
                        case TERMINATE -> {
                            answer(packet, 'S');
                            terminateClientTls(null);
                        }
                        case PASSTHROUGH -> {
                            if (upstreamFailure != null) {
                                answer(packet, 'N');
                                continue;
                            }
                            send(uout, packet, Direction.FRONTEND);
                            return true; // the server answers; all that follows is theirs
                        }
                    }
                }
                case StartupCodes.GSSENC_REQUEST -> answer(packet, 'N');
                case StartupCodes.CANCEL_REQUEST -> {
                    if (upstreamFailure != null) {
                        recorder.special(id, Direction.FRONTEND, packet, Clock.nanos(), Origin.CONSUMED);
                        end("CancelRequest not delivered: " + describeUpstream(upstreamFailure));
                        return false;
                    }
                    send(uout, packet, Direction.FRONTEND);
                    return true; // the server closes the connection; the pumps see it through
                }
                default -> {
                    if (upstreamFailure != null) {
                        recorder.special(id, Direction.FRONTEND, packet, Clock.nanos(), Origin.CONSUMED);
                        refuse(upstreamFailure);
                        return false;
                    }
                    send(uout, packet, Direction.FRONTEND);
                    return true;
                }
            }
        }
    }

    /** The client started with a TLS ClientHello (PostgreSQL 17+ {@code sslnegotiation=direct}). */
    private boolean directTls(IOException upstreamFailure) throws IOException {
        switch (config.tls()) {
            case TERMINATE -> {
                terminateClientTls(new ByteArrayInputStream(new byte[] {0x16}));
                return negotiate(upstreamFailure);
            }
            case PASSTHROUGH -> {
                if (upstreamFailure != null) {
                    end("direct TLS not forwarded: " + describeUpstream(upstreamFailure));
                    return false;
                }
                send(uout, new byte[] {0x16}, Direction.FRONTEND);
                return true;
            }
            default -> {
                recorder.special(id, Direction.FRONTEND, new byte[] {0x16}, Clock.nanos(), Origin.CONSUMED);
                end("the client started TLS directly (sslnegotiation=direct), which --tls refuse cannot answer");
                return false;
            }
        }
    }

    private void terminateClientTls(InputStream alreadyRead) throws IOException {
        SSLSocket ssl = (SSLSocket) relay.clientTlsContext().getSocketFactory().createSocket(client, alreadyRead, true);
        ssl.setUseClientMode(false);
        SSLParameters p = ssl.getSSLParameters();
        p.setApplicationProtocols(new String[] {"postgresql"});
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        client = ssl;
        cin = ssl.getInputStream();
        cout = ssl.getOutputStream();
        clientTls = true;
        recorder.tlsTerminated(id);
        String alpn = ssl.getApplicationProtocol();
        recorder.note(id, "client TLS terminated by the relay: " + ssl.getSession().getProtocol() + " "
                + ssl.getSession().getCipherSuite() + (alpn == null || alpn.isEmpty() ? "" : ", ALPN " + alpn)
                + (alreadyRead != null ? ", direct TLS" : ""));
    }

    /** The relay answers a request itself: the request is recorded as consumed, the answer as generated. */
    private void answer(byte[] request, char answer) throws IOException {
        recorder.special(id, Direction.FRONTEND, request, Clock.nanos(), Origin.CONSUMED);
        cout.write(answer);
        cout.flush();
        recorder.special(id, Direction.BACKEND, new byte[] {(byte) answer}, Clock.nanos(), Origin.GENERATED);
    }

    /** The server cannot be reached: tell the client in its own protocol, as PostgreSQL would, then close. */
    private void refuse(IOException failure) throws IOException {
        String message = "pgwb relay could not connect to the upstream server " + config.upstream() + ": " + describeUpstream(failure);
        byte[] error = Encoder.encode(new ErrorResponse(List.of(new NoticeField('S', "FATAL"), new NoticeField('V', "FATAL"),
                new NoticeField('C', "08001"), new NoticeField('M', message),
                new NoticeField('H', "Check that the server is running and that --upstream names it."))));
        cout.write(error);
        cout.flush();
        recorder.special(id, Direction.BACKEND, error, Clock.nanos(), Origin.GENERATED);
        end("upstream unreachable: " + describeUpstream(failure));
    }

    private void send(OutputStream out, byte[] bytes, Direction dir) throws IOException {
        recorder.forwarded(id, dir, bytes, bytes.length, Clock.nanos());
        out.write(bytes);
        out.flush();
    }

    // ------------------------------------------------------------------ pumps

    private void serverToClient() {
        try {
            if (config.tls() == TlsMode.TERMINATE) {
                if (!filterAuthentication()) {
                    return;
                }
            }
            pump(uin, cout, Direction.BACKEND, client);
        } catch (IOException e) {
            end(describe(e));
        }
    }

    /**
     * Copies {@code in} to {@code out} until end of stream. The recorder gets its copy just before
     * the write (a copy into a queue: forwarding still never waits for framing or disk), so that a
     * reply can never be recorded before what it answers: written first, the client's answer to
     * AuthenticationSASL could be queued by the other pump before the request itself, and decoded
     * as a SASLResponse. End of stream is passed on as a half-close; an error closes both sides.
     */
    private void pump(InputStream in, OutputStream out, Direction dir, Socket outSocket) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                recorder.forwarded(id, dir, buf, n, Clock.nanos());
                out.write(buf, 0, n);
            }
            end(dir == Direction.FRONTEND ? "client closed" : "server closed");
            halfClose(outSocket);
        } catch (IOException e) {
            end((dir == Direction.FRONTEND ? "client side: " : "server side: ") + describe(e));
            closeQuietly(client);
            closeQuietly(clientSocket);
            closeQuietly(upstream);
        }
    }

    /**
     * During authentication in terminate mode, reads the server's messages whole so that
     * SCRAM-SHA-256-PLUS can be taken out of AuthenticationSASL: channel binding cannot survive a
     * terminated TLS connection. The only rewrite the relay ever makes; both versions are recorded.
     * Returns false when the stream ended.
     */
    private boolean filterAuthentication() throws IOException {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        while (true) {
            int n = uin.read(buf);
            if (n < 0) {
                flushRaw(pending);
                end("server closed");
                halfClose(client);
                return false;
            }
            pending.write(buf, 0, n);
            byte[] p = pending.toByteArray();
            int at = 0;
            boolean done = false;
            while (p.length - at >= 5 && !done) {
                int type = p[at] & 0xff;
                int len = ByteBuffer.wrap(p, at + 1, 4).getInt();
                if (len < 4 || len > MAX_AUTH_MESSAGE) {
                    done = true; // not something to parse: pass the rest through untouched
                    break;
                }
                if (p.length - at < 1 + len) {
                    break;
                }
                byte[] message = java.util.Arrays.copyOfRange(p, at, at + 1 + len);
                at += 1 + len;
                int code = type == 'R' && len >= 8 ? ByteBuffer.wrap(message, 5, 4).getInt() : -1;
                byte[] rewritten = code == 10 ? withoutPlus(message) : null;
                if (rewritten != null) {
                    recorder.rewriteOriginal(id, Direction.BACKEND, message, Clock.nanos());
                    recorder.special(id, Direction.BACKEND, rewritten, Clock.nanos(), Origin.REWRITTEN);
                    cout.write(rewritten);
                } else {
                    recorder.special(id, Direction.BACKEND, message, Clock.nanos(), Origin.FORWARDED);
                    cout.write(message);
                }
                if ((type == 'R' && code == 0) || type == 'E' || type != 'R') {
                    done = true; // authentication is over (or was never going to be SASL): pump raw from here
                }
            }
            pending.reset();
            pending.write(p, at, p.length - at);
            if (done) {
                flushRaw(pending);
                return true;
            }
        }
    }

    private void flushRaw(ByteArrayOutputStream pending) throws IOException {
        if (pending.size() > 0) {
            byte[] rest = pending.toByteArray();
            recorder.forwarded(id, Direction.BACKEND, rest, rest.length, Clock.nanos());
            cout.write(rest);
            pending.reset();
        }
    }

    /** AuthenticationSASL without the -PLUS mechanisms, or null when there is none to take out. */
    private static byte[] withoutPlus(byte[] message) {
        List<String> mechanisms = new ArrayList<>();
        int p = 9;
        boolean plus = false;
        while (p < message.length && message[p] != 0) {
            int end = p;
            while (end < message.length && message[end] != 0) {
                end++;
            }
            if (end >= message.length) {
                return null; // malformed: leave it alone
            }
            String m = new String(message, p, end - p, StandardCharsets.UTF_8);
            if (m.endsWith("-PLUS")) {
                plus = true;
            } else {
                mechanisms.add(m);
            }
            p = end + 1;
        }
        return plus ? Encoder.encode(new AuthenticationSASL(mechanisms)) : null;
    }

    // ------------------------------------------------------------------ helpers

    private static void halfClose(Socket s) {
        try {
            if (s instanceof SSLSocket) {
                s.close(); // TLS has no half-close the peer would see; close_notify it is
            } else if (s != null && !s.isClosed()) {
                s.shutdownOutput();
            }
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            throw new EOFException("client closed inside its startup packet");
        }
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all we wanted; a socket that fails to close is closed enough
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) {
            return e.getMessage();
        }
        if (e instanceof SocketException && e.getMessage() != null && e.getMessage().contains("reset")) {
            return "connection reset";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private String describeUpstream(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + config.upstreamHost();
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out after " + config.connectTimeoutMillis() + " ms";
        }
        return describe(e);
    }
}
