package dev.pgwb.protocol.relay;

import dev.pgwb.protocol.session.Clock;
import dev.pgwb.protocol.session.Recorder;
import dev.pgwb.protocol.session.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A man-in-the-middle TCP relay for the PostgreSQL protocol: listens, forwards each connection to
 * the upstream server byte for byte, and records every frame into a {@link SessionStore}.
 *
 * <p>Blocking sockets with two platform threads per connection and TCP_NODELAY on both legs:
 * measured on this kind of machine to match pgbouncer, where virtual threads added ~95 µs per
 * round trip. Recording happens on one recorder thread fed by copies; forwarding never waits for it.
 */
public final class Relay implements AutoCloseable {
    private final RelayConfig config;
    private final SessionStore store;
    private final Recorder recorder;
    private final ServerSocket server;
    private final SSLContext clientTls;
    private final UpstreamTlsSockets upstreamTls;
    private final Set<RelayConnection> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    private Relay(RelayConfig config, SessionStore store, WorkbenchCa ca) throws IOException {
        this.config = config;
        this.store = store;
        this.clientTls = config.tls() == TlsMode.TERMINATE
                ? (ca != null ? ca : WorkbenchCa.loadOrCreate()).serverContext(List.of(config.listenHost()))
                : null;
        this.upstreamTls = new UpstreamTlsSockets(config);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(config.listenHost()), config.listenPort()), 512);
        this.recorder = new Recorder(store);
        this.acceptor = Thread.ofPlatform().name("pgwb-relay-accept").daemon().unstarted(this::acceptLoop);
    }

    /** Binds the listen address and starts accepting; records into {@code store}. */
    public static Relay start(RelayConfig config, SessionStore store) throws IOException {
        return start(config, store, null);
    }

    /** As {@link #start(RelayConfig, SessionStore)}, with the CA to use in terminate mode (null: the user's). */
    public static Relay start(RelayConfig config, SessionStore store, WorkbenchCa ca) throws IOException {
        Relay r = new Relay(config, store, ca);
        r.acceptor.start();
        return r;
    }

    public RelayConfig config() {
        return config;
    }

    public SessionStore store() {
        return store;
    }

    /** The address actually bound (the port is real even when 0 was asked for). */
    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A warning to show when the relay listens beyond this machine, else empty. */
    public Optional<String> exposureWarning() {
        InetAddress a = server.getInetAddress();
        if (a.isLoopbackAddress()) {
            return Optional.empty();
        }
        return Optional.of("the relay listens on " + config.listenHost() + ", reachable from other machines: "
                + "anyone who can connect sees your server through it, and traffic is recorded");
    }

    /** A libpq connection URI for clients to use instead of the server's. */
    public String connectionUri(String user, String database) {
        String host = config.listenHost().contains(":") ? "[" + config.listenHost() + "]" : config.listenHost();
        String sslmode = switch (config.tls()) {
            case REFUSE -> "disable";
            case TERMINATE -> "require";
            case PASSTHROUGH -> "prefer";
        };
        return "postgresql://" + (user == null || user.isEmpty() ? "" : user + "@") + host + ":" + port() + "/"
                + (database == null ? "" : database) + "?sslmode=" + sslmode;
    }

    public int activeConnections() {
        return live.size();
    }

    /** Waits until everything forwarded so far is in the store. */
    public boolean awaitRecorded(long timeoutMillis) throws InterruptedException {
        return recorder.sync(timeoutMillis);
    }

    /** Set if recording failed (disk full...). Forwarding goes on without it. */
    public Optional<Throwable> recordingFailure() {
        return Optional.ofNullable(recorder.failure());
    }

    /**
     * Tells {@code listener} once when recording fails (disk full, file too large...), as soon as it
     * happens, on the thread that found it (at once when it failed already): forwarding goes on,
     * nothing more is recorded. Keep it short: hand the news to a printer or the window.
     */
    public void onRecordingFailure(Consumer<Throwable> listener) {
        recorder.onFailure(listener);
    }

    Recorder recorder() {
        return recorder;
    }

    SSLContext clientTlsContext() {
        return clientTls;
    }

    UpstreamTlsSockets upstreamTlsSockets() {
        return upstreamTls;
    }

    void connectionEnded(RelayConnection c) {
        live.remove(c);
        synchronized (live) {
            live.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketException e) {
                if (closing) {
                    return;
                }
                continue; // a failed accept does not stop the relay
            } catch (IOException e) {
                continue;
            }
            try {
                s.setTcpNoDelay(true);
            } catch (SocketException e) {
                // the socket is already gone; its connection thread finds out at once
            }
            int id;
            try {
                id = store.openConnection(RelayConfig.hostPort(s.getInetAddress().getHostAddress(), s.getPort()), config.upstream(),
                        Clock.nanos(), "tls=" + config.tls().name().toLowerCase()
                                + (config.tls() == TlsMode.PASSTHROUGH || !config.upstreamTls().asksForTls() ? ""
                                : ", upstream-tls=" + config.upstreamTls().keyword()));
            } catch (UncheckedIOException | IllegalStateException e) {
                id = 0; // the store takes nothing more (its failure was reported): forwarded all the same, not recorded
            }
            RelayConnection c = new RelayConnection(this, id, s);
            live.add(c);
            Thread.ofPlatform().name("pgwb-relay-" + id + "-c2s").daemon().start(c::run);
        }
    }

    /** Stops accepting, closes every connection, records their end, and waits for the recorder. */
    @Override
    public void close() throws IOException {
        closing = true;
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RelayConnection c : live) {
            c.abort();
        }
        try {
            long deadline = System.currentTimeMillis() + 5000;
            synchronized (live) {
                while (!live.isEmpty() && System.currentTimeMillis() < deadline) {
                    live.wait(100);
                }
            }
            recorder.sync(10_000);
            recorder.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
