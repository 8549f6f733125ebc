package dev.pgwb.protocol.testing;

import dev.pgwb.protocol.wire.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test-only TCP relay: listens on 127.0.0.1 (ephemeral port), forwards every accepted connection
 * to a target server, and records each connection's chunks, both directions, in arrival order, as
 * a {@link TraceFile}. It never looks at the bytes, so TLS passes through end to end.
 *
 * <p>Order: each chunk takes its place in the recording the moment it is read, under the
 * connection's lock, before it is forwarded; the bytes are filled in after forwarding. A reply
 * cannot be read before the request that caused it was forwarded, so the recorded order is causal
 * even though the two directions are pumped by two threads.
 *
 * <pre>{@code
 * try (TeeProxy proxy = TeeProxy.start(pg.host(), pg.port())) {
 *     try (Connection c = DriverManager.getConnection(proxy.jdbcUrl("postgres"), props)) { ... }
 *     TraceFile trace = proxy.connection(0).awaitTrace(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class TeeProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Recording> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TeeProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.acceptor = Thread.ofPlatform().daemon().name("tee-proxy-accept-" + listener.getLocalPort()).unstarted(this::acceptLoop);
    }

    public static TeeProxy start(String targetHost, int targetPort) {
        try {
            ServerSocket ss = new ServerSocket();
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TeeProxy proxy = new TeeProxy(ss, targetHost, targetPort);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the tee proxy's listening socket", e);
        }
    }

    public static TeeProxy start(PgServer pg) {
        return start(pg.host(), pg.port());
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Connections accepted so far, in accept order. */
    public List<Recording> connections() {
        return List.copyOf(connections);
    }

    /** The {@code index}-th accepted connection, waiting up to 10 s for it to be accepted. */
    public Recording connection(int index) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connections.size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the proxy accepted " + connections.size() + " connection(s), not " + (index + 1));
            }
            sleepBriefly();
        }
        return connections.get(index);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Recording r = new Recording(connections.size(), client, server);
                connections.add(r);
                r.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        for (Recording r : connections) {
            r.close();
        }
    }

    /** One relayed connection and what went through it. */
    public static final class Recording {
        private final int index;
        private final Socket client;
        private final Socket server;
        private final Object lock = new Object();
        private final List<TraceFile.Chunk> slots = new ArrayList<>();
        private final CountDownLatch pumpsDone = new CountDownLatch(2);

        private Recording(int index, Socket client, Socket server) {
            this.index = index;
            this.client = client;
            this.server = server;
        }

        public int index() {
            return index;
        }

        private void start() {
            Thread.ofPlatform().daemon().name("tee-proxy-" + index + "-F")
                    .start(() -> pump(client, server, Direction.FRONTEND));
            Thread.ofPlatform().daemon().name("tee-proxy-" + index + "-B")
                    .start(() -> pump(server, client, Direction.BACKEND));
        }

        private void pump(Socket from, Socket to, Direction direction) {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    byte[] copy = Arrays.copyOf(buf, n);
                    int slot;
                    synchronized (lock) {
                        slot = slots.size();
                        slots.add(null);
                    }
                    out.write(copy);
                    out.flush();
                    synchronized (lock) {
                        slots.set(slot, new TraceFile.Chunk(direction, copy));
                    }
                }
                to.shutdownOutput(); // pass the EOF on, so the other side can finish too
            } catch (IOException e) {
                // reset, or closed under us: the connection is over, in both directions
                close();
            } finally {
                pumpsDone.countDown();
                if (pumpsDone.getCount() == 0) {
                    close();
                }
            }
        }

        /** True when both directions have ended. */
        public boolean isClosed() {
            return pumpsDone.getCount() == 0;
        }

        /** Waits until both directions have ended, then returns everything recorded. */
        public TraceFile awaitTrace(Duration timeout) {
            try {
                if (!pumpsDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("connection " + index + " did not end within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return snapshot();
        }

        /** What was recorded so far (chunks still being forwarded are left out). */
        public TraceFile snapshot() {
            List<TraceFile.Chunk> done = new ArrayList<>();
            synchronized (lock) {
                for (TraceFile.Chunk c : slots) {
                    if (c != null) {
                        done.add(c);
                    }
                }
            }
            return new TraceFile(List.of(), done);
        }

        /** Cuts the connection (both sockets). */
        public void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out; nothing to do about it
        }
    }
}
