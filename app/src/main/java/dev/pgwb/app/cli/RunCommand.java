package dev.pgwb.app.cli;

import dev.pgwb.app.export.JsonLinesMessagePrinter;
import dev.pgwb.app.export.MessagePrinter;
import dev.pgwb.app.export.SessionPrinter;
import dev.pgwb.app.export.TextMessagePrinter;
import dev.pgwb.protocol.client.ConnInfo;
import dev.pgwb.protocol.client.ConnectionSettings;
import dev.pgwb.protocol.client.PgprotoImport;
import dev.pgwb.protocol.client.RunMode;
import dev.pgwb.protocol.client.Scenario;
import dev.pgwb.protocol.client.ScenarioLibrary;
import dev.pgwb.protocol.client.Script;
import dev.pgwb.protocol.client.ScriptException;
import dev.pgwb.protocol.client.ScriptParser;
import dev.pgwb.protocol.client.ScriptRunner;
import dev.pgwb.protocol.client.ServerVersion;
import dev.pgwb.protocol.client.WireClient;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.session.Subscription;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgwb run}: sends a composer script (or a library scenario) to a server and checks its expectations. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run a composer script or a library scenario against a server, printing every message both ways.",
            "",
            "SCRIPT-OR-SCENARIO is a script file (see docs/script.md), a pgproto data file with --pgproto, or the name "
                    + "of a library scenario (full name, name without its number, or the number): pgwb run --list shows them.",
            "The connection comes from --url and the options below, then PGHOST, PGPORT, PGUSER, PGDATABASE, "
                    + "PGSSLMODE... as libpq reads them. The password comes from PGPASSWORD, ~/.pgpass or a prompt, "
                    + "never from the command line."},
        footer = {"", "Exit status: 0 the server answered as the script expects; 1 an expect failed or the connection "
                + "could not be made (one line on stderr says why); 2 bad usage, or a script that cannot be read "
                + "(FILE:LINE:COLUMN: what was expected); 77 not applicable: the server is older than the script's "
                + "'# requires: PostgreSQL N' line (neither passed nor failed; 77 is how automake and meson count a skipped test)."})
public final class RunCommand implements Callable<Integer> {

    /** The exit status of a run on a server older than the script requires: automake's and meson's "skipped". */
    public static final int EXIT_NOT_APPLICABLE = 77;

    /** How printed messages look. */
    public enum Format { TEXT, JSON }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT-OR-SCENARIO", description = "A script file or a scenario name.")
    String target;

    @Option(names = "--list", description = "List the library's scenarios, one per line, name first, and exit.")
    boolean list;

    @Option(names = "--url", paramLabel = "URI", description = "postgresql://user@host:port/db?sslmode=... or 'host=... port=...' "
            + "(a password in it is refused: use PGPASSWORD or ~/.pgpass).")
    String url;

    @Option(names = "--host", paramLabel = "HOST", description = "Host name, IP address, or Unix socket directory.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default 5432).")
    Integer port;

    @Option(names = {"--user", "-U"}, paramLabel = "USER", description = "User to log in as.")
    String user;

    @Option(names = {"--database", "-d"}, paramLabel = "DB", description = "Database (default: the user name).")
    String database;

    @Option(names = "--mode", paramLabel = "all|step|wait", defaultValue = "all",
            description = "all: pipelined, messages go out together until the script waits; step: Enter before each line; "
                    + "wait: each message on its own, then wait until the server is quiet. Default: ${DEFAULT-VALUE}.")
    RunMode mode;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "How messages are printed, as pgwb decode prints them. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--tree", description = "With --format text: each message's field tree too.")
    boolean tree;

    @Option(names = "--record", paramLabel = "FILE.pgwb", description = "Keep the session in this file (replaced if it exists).")
    Path record;

    @Option(names = "--pgproto", description = "The file is a pgproto data file: convert it, then run it.")
    boolean pgproto;

    @Option(names = "--show-script", description = "Print the script (converted, with --pgproto) instead of running it.")
    boolean showScript;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A variable for the script ($NAME).")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--reveal-secrets", description = "Print passwords, SCRAM proofs and cancel keys.")
    boolean revealSecrets;

    private final Map<String, String> env;
    private final Path home;
    private final Supplier<String> prompt;

    /** As the launcher runs it: the process environment, the user's home, a console prompt. */
    public RunCommand() {
        this(System.getenv(), Path.of(System.getProperty("user.home")), null);
    }

    /** For tests and embedding: the environment and home directory to read PG* variables and ~/.pgpass from. */
    public RunCommand(Map<String, String> env, Path home, Supplier<String> prompt) {
        this.env = env;
        this.home = home;
        this.prompt = prompt;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScenarioLibrary library = ScenarioLibrary.fromClasspath();
        if (list) {
            for (Scenario s : library.all()) {
                out.println(s.name() + "  " + s.title() + (s.requires().isEmpty() ? "" : "  (requires " + s.requires() + ")"));
            }
            out.flush();
            return CommandLine.ExitCode.OK;
        }
        if (target == null) {
            return usage(err, "give a script file or a scenario name (pgwb run --list shows the scenarios)");
        }
        String source;
        String text;
        Path file = Path.of(target);
        if (Files.isRegularFile(file)) {
            source = target;
            text = Files.readString(file, StandardCharsets.UTF_8);
        } else {
            Scenario s = library.find(target).orElse(null);
            if (s == null) {
                return usage(err, target + ": no such file, and no scenario of that name (pgwb run --list shows them)");
            }
            source = s.name();
            text = s.script();
            err.println("pgwb run: scenario " + s.name() + ": " + s.title());
            err.println("pgwb run: expected: " + s.outcome());
            if (!s.requires().isEmpty()) {
                err.println("pgwb run: requires: " + s.requires() + " or newer");
            }
            if (!s.server().isEmpty()) {
                err.println("pgwb run: the server needs: " + s.server());
            }
        }
        // a script file may state the versions it needs just as a scenario does
        ServerVersion requiredServer = Scenario.parse(source, text).minimumServerVersion().orElse(null);
        Script script;
        try {
            if (pgproto) {
                text = PgprotoImport.toScript(text);
            }
            if (showScript) {
                out.print(text);
                out.flush();
                return CommandLine.ExitCode.OK;
            }
            script = ScriptParser.parse(text);
        } catch (ScriptException e) {
            err.println(e.where(source));
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        ConnectionSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        return run(script, source, settings, requiredServer, out, err);
    }

    private ConnectionSettings settings() {
        Map<String, String> given = url == null ? new LinkedHashMap<>() : new LinkedHashMap<>(ConnInfo.parse(url));
        if (given.containsKey("password")) {
            throw new IllegalArgumentException("--url must not carry the password: use PGPASSWORD, ~/.pgpass or the prompt");
        }
        if (host != null) {
            given.put("host", host);
        }
        if (port != null) {
            given.put("port", Integer.toString(port));
        }
        if (user != null) {
            given.put("user", user);
        }
        if (database != null) {
            given.put("dbname", database);
        }
        return ConnInfo.resolve(given, env, home);
    }

    private int run(Script script, String source, ConnectionSettings settings, ServerVersion requiredServer, PrintWriter out,
                    PrintWriter err) throws IOException, InterruptedException {
        SessionStore store;
        try {
            store = record != null ? SessionStore.create(record) : SessionStore.createTemporary();
        } catch (IOException e) {
            return usage(err, "cannot create " + (record != null ? record : "a temporary session file") + ": " + e.getMessage());
        }
        MessagePrinter printer = format == Format.JSON ? new JsonLinesMessagePrinter(out) : new TextMessagePrinter(out, !tree);
        SessionPrinter sessionPrinter = new SessionPrinter(store, printer, revealSecrets);
        Subscription live = store.subscribe(0, sessionPrinter::print);
        ScriptRunner.Result result;
        try (WireClient client = new WireClient(settings, store, null, home, prompt != null ? prompt : RunCommand::consolePassword)) {
            client.revealSecrets(revealSecrets);
            ScriptRunner runner = new ScriptRunner(client, mode, mode == RunMode.STEP ? stepper(err) : null);
            variables.forEach(runner::set);
            if (requiredServer != null) {
                runner.requireServer(requiredServer);
            }
            result = runner.run(script);
            client.sync(10_000);
        }
        live.awaitDelivered(store.frameCount(), 10_000);
        live.close();
        sessionPrinter.printEnded();
        printer.flush();
        long frames = store.frameCount();
        int connections = store.connections().size();
        store.close();
        if (result.passed()) {
            err.println("pgwb run: " + source + ": passed (" + frames + " messages on " + connections + " connection(s)"
                    + (record != null ? ", recorded in " + record : "") + ")");
            err.flush();
            return CommandLine.ExitCode.OK;
        }
        if (result.notApplicable()) {
            err.println("pgwb run: " + source + ": " + result.failure() + " (neither passed nor failed)");
            err.flush();
            return EXIT_NOT_APPLICABLE;
        }
        err.println("pgwb run: " + source + ": " + (result.failedStep() == null ? "" : "line " + result.failedStep().line() + ": ")
                + result.failure());
        err.flush();
        return 1;
    }

    /** Step mode: each line is shown, and runs when the user presses Enter. */
    private static ScriptRunner.Listener stepper(PrintWriter err) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new ScriptRunner.Listener() {
            @Override
            public void beforeStep(Script.Step step, RunMode mode) {
                err.print("pgwb run: next, line " + step.line() + ": " + step.text() + "   [Enter] ");
                err.flush();
                try {
                    in.readLine();
                } catch (IOException e) {
                    // no terminal: go on
                }
            }
        };
    }

    private static String consolePassword() {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        char[] pw = c.readPassword("Password: ");
        return pw == null ? null : new String(pw);
    }

    private int usage(PrintWriter err, String message) {
        err.println("pgwb run: " + message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }
}
