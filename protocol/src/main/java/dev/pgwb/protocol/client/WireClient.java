package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.session.Clock;
import dev.pgwb.protocol.session.Recorder;
import dev.pgwb.protocol.session.SessionStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The composer's client: opens connections to one server as the settings say, records every byte
 * of every connection into a {@link SessionStore} through the session {@link Recorder} (the same
 * path the relay's bytes take), and can log in for the user. What to send is up to the caller: a
 * {@link ScriptRunner}, the GUI, a test.
 */
public final class WireClient implements AutoCloseable {

    /** Live view of what the client's connections send and receive (called on the reading threads too). */
    public interface Listener {
        default void sent(int connection, Decoded decoded) {
        }

        default void received(int connection, Decoded decoded) {
        }

        default void note(int connection, String text) {
        }

        default void closed(int connection, String reason) {
        }
    }

    /** Login failed: the server's error, when it sent one. */
    public static final class LoginFailed extends IOException {
        private final transient ErrorResponse error;

        LoginFailed(String message, ErrorResponse error) {
            super(message);
            this.error = error;
        }

        public ErrorResponse error() {
            return error;
        }
    }

    private final ConnectionSettings settings;
    private final SessionStore store;
    private final Recorder recorder;
    private final Listener listener;
    private final Path home;
    private final Supplier<String> prompt;
    private volatile String password;
    private boolean revealSecrets;

    /**
     * @param home   the user's home directory ({@code ~/.postgresql/root.crt}); null for none
     * @param prompt asked once for the password when the server wants one and the settings have none; may be null
     */
    public WireClient(ConnectionSettings settings, SessionStore store, Listener listener, Path home, Supplier<String> prompt) {
        this.settings = settings;
        this.store = store;
        this.recorder = new Recorder(store);
        this.listener = listener == null ? new Listener() { } : listener;
        this.home = home;
        this.prompt = prompt;
        this.password = settings.password();
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public SessionStore store() {
        return store;
    }

    /** Decode passwords, SCRAM proofs and keys in the listener's view (the recording always has the bytes). */
    public void revealSecrets(boolean on) {
        revealSecrets = on;
    }

    /** The password: from the settings, else from the prompt (asked once). */
    public String password() {
        if (password == null && prompt != null) {
            synchronized (this) {
                if (password == null) {
                    password = prompt.get();
                }
            }
        }
        return password;
    }

    /** Opens the socket only (TCP or Unix-domain): no TLS, nothing sent. The caller speaks first. */
    public WireConnection open(String label) throws IOException {
        ConnectionSettings s = settings;
        if (s.isUnixSocket()) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(s.socketFile()));
            } catch (IOException e) {
                ch.close();
                throw new IOException("cannot connect to " + s.address() + ": " + e.getMessage(), e);
            }
            int id = store.openConnection("unix socket", s.address(), Clock.nanos(), "composed by pgwb (" + label + ")");
            return new WireConnection(id, label, null, ch, recorder, listener, revealSecrets);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(s.host(), s.port()), (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis()));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + s.address() + ": " + e.getMessage(), e);
        }
        String local = socket.getLocalAddress().getHostAddress();
        String client = (local.contains(":") ? "[" + local + "]" : local) + ":" + socket.getLocalPort();
        int id = store.openConnection(client, s.address(), Clock.nanos(), "composed by pgwb (" + label + ")");
        return new WireConnection(id, label, socket, null, recorder, listener, revealSecrets);
    }

    /** Opens the socket and does the TLS that sslmode / sslnegotiation ask for. Nothing else is sent. */
    public WireConnection openWithTls(String label) throws IOException {
        WireConnection c = open(label);
        try {
            c.negotiateTls(settings, home);
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Negotiates TLS as the settings say (for a connection opened with {@link #open}). */
    public void negotiateTls(WireConnection c) throws IOException {
        c.negotiateTls(settings, home);
    }

    /** SSLRequest by hand, answered 'S' (then TLS) or 'N'. */
    public char sslRequest(WireConnection c) throws IOException {
        return c.sslRequest(settings, home);
    }

    /**
     * A logged-in connection: TLS as the settings say, the StartupMessage, authentication, and
     * everything up to the first ReadyForQuery (all of it recorded and read).
     */
    public WireConnection connect(String label, ConnectionSettings login, Duration timeout) throws IOException, InterruptedException {
        WireConnection c = open(label);
        try {
            c.negotiateTls(login, home);
            c.send(login.startupMessage());
            Authenticator auth = new Authenticator(c, login.user(), () -> login.password() != null ? login.password() : password(),
                    login.channelBinding());
            Authenticator.Result r = auth.authenticate(timeout);
            awaitReady(c, r, timeout);
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Reads up to the ReadyForQuery after authentication; an ErrorResponse or the end becomes {@link LoginFailed}. */
    static void awaitReady(WireConnection c, Authenticator.Result r, Duration timeout) throws IOException, InterruptedException {
        while (true) {
            Incoming in = c.next(timeout);
            if (in == null) {
                throw new IOException("no ReadyForQuery from the server within " + timeout.toMillis() + " ms after authentication");
            }
            if (in.isClosed()) {
                throw new LoginFailed("the server closed the connection during login" + (r == Authenticator.Result.OK ? " after authentication" : ""), null);
            }
            if (in.decoded().message() instanceof ErrorResponse e) {
                throw new LoginFailed(e.severity() + " " + e.sqlState() + ": " + e.message(), e);
            }
            if (in.decoded().message() instanceof ReadyForQuery) {
                return;
            }
        }
    }

    /**
     * Cancels what {@code target} runs: a new connection (TLS as the settings say) carrying a
     * CancelRequest with the target's BackendKeyData; the server answers nothing and closes.
     */
    public void cancel(WireConnection target, Duration timeout) throws IOException, InterruptedException {
        BackendKeyData key = target.backendKey();
        if (key == null) {
            throw new IOException(target + " has no BackendKeyData to cancel with");
        }
        cancel(key, timeout);
    }

    /** Sends a CancelRequest with this key on a connection of its own, and waits for the server to close it. */
    public void cancel(BackendKeyData key, Duration timeout) throws IOException, InterruptedException {
        try (WireConnection c = openWithTls("cancel")) {
            c.send(new CancelRequest(key.processId(), key.secretKey()));
            Incoming in;
            do {
                in = c.next(timeout);
            } while (in != null && !in.isClosed());
        }
    }

    /** Waits until everything sent and received so far is in the store. */
    public boolean sync(long timeoutMillis) throws InterruptedException {
        return recorder.sync(timeoutMillis);
    }

    /** Finishes the recording (the store itself stays open: it is the caller's). */
    @Override
    public void close() {
        try {
            recorder.sync(10_000);
            recorder.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the recording may miss its last frames; the caller is being interrupted anyway
        }
    }
}
