package dev.pgwb.app.cli;

import dev.pgwb.app.export.SessionPrinter;
import dev.pgwb.app.export.TextMessagePrinter;
import dev.pgwb.app.sandbox.ConnectionStrings;
import dev.pgwb.app.sandbox.SandboxServer;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.session.Subscription;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgwb sandbox}: a throw-away PostgreSQL 18 with a recording relay in front, headless. */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Start a PostgreSQL 18 server owned by pgwb (nothing to install; data in a temporary directory, "
                    + "deleted when it stops) with a recording relay in front, and print the connection strings.",
            "Ctrl-C or SIGTERM stops both."},
        footer = {"", "The PostgreSQL binaries inside pgwb are for Linux x86-64 only.",
            "", "Exit status: 0 stopped cleanly, 2 bad usage, 1 the sandbox could not start."})
public final class SandboxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            defaultValue = "127.0.0.1:15432", description = "Where clients connect (the relay). Default: ${DEFAULT-VALUE}.")
    HostPort listen;

    @Option(names = "--record", paramLabel = "FILE.pgwb", description = "Keep the session in this file.")
    Path record;

    @Option(names = "--demo", description = "Run a short demo workload (simple and extended queries, a COPY, an error) once started.")
    boolean demo;

    @Option(names = "--print", paramLabel = "text|none", defaultValue = "none",
            description = "text: print each message as pgwb relay does; none: only the connection strings. Default: ${DEFAULT-VALUE}.")
    String print;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile SandboxServer sandbox;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SessionStore store;
        try {
            store = record != null ? SessionStore.create(record) : SessionStore.createTemporary();
        } catch (IOException e) {
            err.println("pgwb sandbox: cannot create " + (record != null ? record : "a temporary session file") + ": " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        err.println("pgwb sandbox: starting PostgreSQL 18 ...");
        err.flush();
        try {
            sandbox = SandboxServer.start(store, listen.host(), listen.port());
        } catch (SandboxServer.SandboxException e) {
            store.close();
            err.println("pgwb sandbox: " + e.getMessage());
            err.flush();
            running.countDown();
            return CommandLine.ExitCode.SOFTWARE;
        }
        ConnectionStrings cs = sandbox.connectionStrings();
        out.println(cs.uri());
        out.println(cs.jdbc());
        out.println(cs.psql());
        out.flush();
        err.println("pgwb sandbox: PostgreSQL 18 on 127.0.0.1:" + sandbox.serverPort() + ", relay on " + listen.host() + ":"
                + sandbox.relay().port() + "; recording to " + (record != null ? record : "a temporary file"));
        err.flush();
        RelayCommand.sayWhenRecordingFails(sandbox.relay(), "pgwb sandbox", err);
        Subscription live = null;
        if ("text".equalsIgnoreCase(print)) {
            SessionPrinter printer = new SessionPrinter(store, new TextMessagePrinter(out, true), false);
            live = store.subscribe(0, printer::print);
        }
        Thread hook = new Thread(() -> {
            stop();
        }, "pgwb-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        running.countDown();
        if (demo) {
            try {
                sandbox.runDemoWorkload();
                err.println("pgwb sandbox: demo workload done");
            } catch (java.sql.SQLException e) {
                err.println("pgwb sandbox: demo workload failed: " + e.getMessage());
            }
            err.flush();
        }
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        sandbox.relay().awaitRecorded(5_000);
        sandbox.close();
        if (live != null) {
            live.awaitDelivered(store.frameCount(), 5_000);
            live.close();
        }
        long frames = store.frameCount();
        store.close();
        err.println("pgwb sandbox: stopped; " + frames + " messages recorded" + (record != null ? " in " + record : ""));
        err.flush();
        out.flush();
        return CommandLine.ExitCode.OK;
    }

    public void stop() {
        stopped.countDown();
    }

    /** The running sandbox once started (null if it failed). */
    public SandboxServer awaitRunning(long timeoutSeconds) throws InterruptedException {
        running.await(timeoutSeconds, TimeUnit.SECONDS);
        return sandbox;
    }
}
