package dev.pgwb.app.cli;

import dev.pgwb.app.export.JsonLinesMessagePrinter;
import dev.pgwb.app.export.MessagePrinter;
import dev.pgwb.app.export.SessionPrinter;
import dev.pgwb.app.export.TextMessagePrinter;
import dev.pgwb.protocol.relay.Relay;
import dev.pgwb.protocol.relay.RelayConfig;
import dev.pgwb.protocol.relay.TlsMode;
import dev.pgwb.protocol.relay.WorkbenchCa;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.session.Subscription;
import dev.pgwb.protocol.tls.SslMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgwb relay}: a recording man-in-the-middle between an application and its server, headless. */
@Command(name = "relay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Relay PostgreSQL connections to a server, recording and printing every message.",
            "",
            "Point the application at the listen address instead of the server. Every byte is forwarded "
                    + "unchanged; each message is printed as it passes and, with --record, kept in a session "
                    + "file to open later (pgwb decode FILE.pgwb, or the workbench window).",
            "Ctrl-C or SIGTERM stops the relay and closes the session file cleanly."},
        footer = {"",
            "TLS modes (--tls): refuse answers 'N' to SSLRequest (sslmode=prefer clients go on in plaintext, "
                    + "require fails); terminate does TLS with the client using the workbench CA (see --export-ca) "
                    + "and records plaintext; passthrough forwards TLS untouched and records opaque records.",
            "Under terminate, SCRAM-SHA-256-PLUS is removed from what the server offers (channel binding cannot "
                    + "survive termination); with --upstream-tls other than disable, clients must then not insist on "
                    + "channel binding.",
            "", "Exit status: 0 stopped cleanly, 2 bad usage or the listen address cannot be bound."})
public final class RelayCommand implements Callable<Integer> {

    /** What is printed for each message. */
    public enum Print { TEXT, JSON, NONE }

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            defaultValue = RelayConfig.DEFAULT_LISTEN_HOST + ":" + RelayConfig.DEFAULT_LISTEN_PORT,
            description = "Where applications connect. Default: ${DEFAULT-VALUE} (this machine only).")
    HostPort listen;

    @Option(names = "--upstream", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "The real server. Default: $PGHOST:$PGPORT, else localhost:5432.")
    HostPort upstream;

    @Option(names = "--tls", paramLabel = "refuse|terminate|passthrough", defaultValue = "refuse",
            description = "What to do when a client asks for TLS. Default: ${DEFAULT-VALUE}.")
    TlsMode tls;

    @Option(names = "--upstream-tls", paramLabel = "disable|prefer|require|verify-full", defaultValue = "disable",
            converter = UpstreamTlsConverter.class,
            description = "TLS from the relay to the server (not with passthrough). Default: ${DEFAULT-VALUE}.")
    SslMode upstreamTls;

    @Option(names = "--upstream-root-cert", paramLabel = "FILE",
            description = "PEM root certificate(s) to verify the server with, for --upstream-tls verify-full "
                    + "(default: the JDK's trusted roots).")
    Path upstreamRootCert;

    @Option(names = "--record", paramLabel = "FILE.pgwb", description = "Keep the session in this file (replaced if it exists).")
    Path record;

    @Option(names = "--print", paramLabel = "text|json|none", defaultValue = "text",
            description = "text: one line per message; json: JSON Lines as pgwb decode --format json, with \"conn\"; "
                    + "none: nothing. Default: ${DEFAULT-VALUE}.")
    Print print;

    @Option(names = "--tree", description = "With --print text: each message's field tree too.")
    boolean tree;

    @Option(names = "--reveal-secrets", description = "Print passwords, SCRAM proofs, GSS tokens and cancel keys.")
    boolean revealSecrets;

    @Option(names = "--export-ca", paramLabel = "FILE",
            description = "Write the workbench CA certificate (for sslrootcert=FILE with sslmode=verify-full) and go on.")
    Path exportCa;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Relay relay;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostPort target = upstream != null ? upstream : defaultUpstream();
        if (upstreamTls == SslMode.VERIFY_FULL && upstreamRootCert != null && !upstreamRootCert.toFile().isFile()) {
            err.println("pgwb relay: --upstream-root-cert " + upstreamRootCert + ": no such file");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        WorkbenchCa ca = null;
        if (tls == TlsMode.TERMINATE || exportCa != null) {
            ca = WorkbenchCa.loadOrCreate();
            if (exportCa != null) {
                ca.exportCertificate(exportCa);
                err.println("pgwb relay: workbench CA certificate written to " + exportCa);
            }
        }
        RelayConfig config = new RelayConfig(listen.host(), listen.port(), target.host(), target.port(), tls, upstreamTls,
                upstreamRootCert, 10_000);
        SessionStore store;
        try {
            store = record != null ? SessionStore.create(record) : SessionStore.createTemporary();
        } catch (IOException e) {
            err.println("pgwb relay: cannot create " + (record != null ? record : "a temporary session file") + ": " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        try {
            relay = Relay.start(config, store, ca);
        } catch (IOException e) {
            store.close();
            err.println("pgwb relay: cannot listen on " + listen + ": " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        relay.exposureWarning().ifPresent(w -> err.println("pgwb relay: warning: " + w));
        sayWhenRecordingFails(relay, "pgwb relay", err);
        String hostForClients = relay.listenAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : listen.host();
        err.println("pgwb relay: listening on " + new HostPort(hostForClients, relay.port()) + ", forwarding to " + target
                + " (tls " + lower(tls) + (tls == TlsMode.PASSTHROUGH ? "" : ", upstream tls " + upstreamTls.keyword()) + ")");
        err.println("pgwb relay: connect with " + relay.connectionUri(null, null)
                + (tls == TlsMode.TERMINATE ? "  (verify-full: sslrootcert=" + ca.certificateFile() + ")" : ""));
        err.println("pgwb relay: recording to " + (record != null ? record : "a temporary file (use --record FILE.pgwb to keep it)"));
        err.flush();

        MessagePrinter printer = switch (print) {
            case TEXT -> new TextMessagePrinter(out, !tree);
            case JSON -> new JsonLinesMessagePrinter(out);
            case NONE -> null;
        };
        Subscription live = null;
        SessionPrinter sessionPrinter = printer == null ? null : new SessionPrinter(store, printer, revealSecrets);
        if (sessionPrinter != null) {
            live = store.subscribe(0, sessionPrinter::print);
        }
        // Ctrl-C / SIGTERM: the JVM halts when its hooks return, so the hook waits for the clean close below.
        Thread hook = new Thread(() -> {
            stop();
            try {
                finished.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pgwb-relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        running.countDown();
        try {
            stopped.await();
            return shutDown(hook, live, sessionPrinter, printer, store, err);
        } finally {
            finished.countDown();
        }
    }

    private int shutDown(Thread hook, Subscription live, SessionPrinter sessionPrinter, MessagePrinter printer, SessionStore store,
                         PrintWriter err) throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is what brought us here
        }
        relay.close();
        if (live != null) {
            live.awaitDelivered(store.frameCount(), 10_000);
            live.close();
            sessionPrinter.printEnded();
            printer.flush();
        }
        long frames = store.frameCount();
        int connections = store.connections().size();
        store.close();
        err.println("pgwb relay: stopped; " + frames + " messages of " + connections + " connection(s) recorded"
                + (record != null ? " in " + record : "") + (relay.recordingFailure().isPresent() ? " before the recording failed" : ""));
        err.flush();
        return CommandLine.ExitCode.OK;
    }

    /** A recording that fails (disk full...) is said as it happens, from the thread that met it; forwarding goes on. */
    static void sayWhenRecordingFails(Relay relay, String command, PrintWriter err) {
        relay.onRecordingFailure(e -> {
            err.println(command + ": recording failed: " + (e.getMessage() != null ? e.getMessage() : e)
                    + "; forwarding goes on, nothing more is recorded");
            err.flush();
        });
    }

    /** Stops the relay (Ctrl-C, SIGTERM, or a test). */
    public void stop() {
        stopped.countDown();
    }

    /** The running relay, once started (tests use its port). */
    public Relay awaitRunning() throws InterruptedException {
        running.await();
        return relay;
    }

    private static HostPort defaultUpstream() {
        String host = System.getenv("PGHOST");
        String port = System.getenv("PGPORT");
        int p = 5432;
        if (port != null && port.trim().matches("\\d{1,5}")) {
            p = Integer.parseInt(port.trim());
        }
        return new HostPort(host == null || host.isBlank() || host.startsWith("/") ? "localhost" : host, p);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase().replace('_', '-');
    }

    /** {@code verify-full} as libpq spells it (and VERIFY_FULL); the relay does not offer allow and verify-ca. */
    static final class UpstreamTlsConverter implements CommandLine.ITypeConverter<SslMode> {
        @Override
        public SslMode convert(String value) {
            SslMode mode;
            try {
                mode = SslMode.parse(value.trim().replace('_', '-'));
            } catch (IllegalArgumentException e) {
                mode = null;
            }
            if (mode == null || mode == SslMode.ALLOW || mode == SslMode.VERIFY_CA) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of disable, prefer, require, verify-full");
            }
            return mode;
        }
    }
}
