package dev.pgwb.protocol.client;

import dev.pgwb.protocol.client.Script.Arg;
import dev.pgwb.protocol.client.Script.ListValue;
import dev.pgwb.protocol.client.Script.Step;
import dev.pgwb.protocol.client.Script.Text;
import dev.pgwb.protocol.client.Script.Value;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.GSSENCResponse;
import dev.pgwb.protocol.message.SSLResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Terminate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@link Script} with a {@link WireClient}: sends each message as written, checks each
 * {@code expect} against what the server answered, and stops at the first failed expectation,
 * with the line and what came instead.
 *
 * <p>Connections: the script talks on {@code main} unless {@code connection NAME} switches. A
 * connection opens when first used: a startup-phase command ({@code startup}, {@code raw},
 * {@code sslrequest}, {@code gssencrequest}) gets a bare socket (TLS per sslmode first for
 * {@code startup}, as libpq does); any other message gets a logged-in connection.
 *
 * <p>{@code expect T}: the next message, passing over ParameterStatus and NoticeResponse unless T
 * is one of them, must be T with the given fields. {@code await T}: messages are read until the
 * first T, which must then match the fields.
 */
public final class ScriptRunner {

    /** What the run tells its caller, besides the messages the client's listener sees. */
    public interface Listener {
        /** Called before each step; in {@link RunMode#STEP} this is where the user says "go on". */
        default void beforeStep(Step step, RunMode mode) {
        }

        /** A step's effect worth saying: an expect that passed, a connection opened, a note. */
        default void info(Step step, String text) {
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** Every step ran and every expect matched. */
        PASSED,
        /** A step failed (an expect, the connection, a value), or the run was stopped. */
        FAILED,
        /** The server is older than the script requires: the run stopped without judging, neither passed nor failed. */
        NOT_APPLICABLE
    }

    /**
     * How the run ended: passed; failed, with the step and why; or not applicable, with why
     * ({@code not applicable: needs PostgreSQL 18 or newer, the server is 15.17}).
     *
     * @param failedStep     the step that failed, or the step not run when the server was found too old
     * @param requiredServer for not applicable, the version the script requires; else null
     * @param server         for not applicable, the server's version; else null
     */
    public record Result(Outcome outcome, Step failedStep, String failure, ServerVersion requiredServer, ServerVersion server) {
        static final Result PASSED = new Result(true, null, null);

        /** Passed or failed. */
        public Result(boolean passed, Step failedStep, String failure) {
            this(passed ? Outcome.PASSED : Outcome.FAILED, failedStep, failure, null, null);
        }

        public boolean passed() {
            return outcome == Outcome.PASSED;
        }

        public boolean notApplicable() {
            return outcome == Outcome.NOT_APPLICABLE;
        }

        /** {@code line N: reason}, "passed", or the not-applicable reason. */
        public String describe() {
            return switch (outcome) {
                case PASSED -> "passed";
                case NOT_APPLICABLE -> failure;
                case FAILED -> failedStep == null ? failure : "line " + failedStep.line() + ": " + failure;
            };
        }
    }

    /** A failure of the run (an expect, the connection, a value that cannot be sent). */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern BRACED = Pattern.compile("(?<!\\\\)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?}");
    private static final Pattern BARE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?");

    private final WireClient client;
    private final RunMode mode;
    private final Listener listener;
    private final Map<String, WireConnection> connections = new LinkedHashMap<>();
    /** Every connection the run opened, in order (disconnected ones too): the first one tells the server's version. */
    private final List<WireConnection> opened = new ArrayList<>();
    private ServerVersion minimumServer;
    private boolean notApplicable;
    private final Map<String, Object> variables = new HashMap<>();
    private String current = "main";
    private Duration timeout = DEFAULT_TIMEOUT;
    private final Object stopLock = new Object();
    private Thread runThread;
    private volatile boolean stopped;
    /**
     * Connections logged in by the runner (a Terminate makes sense on them; before login it would be
     * garbage). A connection the script logged in itself (startup, auth) counts once AuthenticationOk came.
     */
    private final java.util.Set<WireConnection> loggedIn = new java.util.HashSet<>();

    public ScriptRunner(WireClient client, RunMode mode, Listener listener) {
        this.client = client;
        this.mode = mode;
        this.listener = listener == null ? new Listener() { } : listener;
        ConnectionSettings s = client.settings();
        variables.put("user", s.user());
        variables.put("database", s.database());
        variables.put("host", s.host());
        variables.put("port", Integer.toString(s.port()));
    }

    /**
     * The oldest server the script is meant for (a scenario's {@code requires:} line). The run learns
     * the server's version from the {@code server_version} ParameterStatus of its first connection;
     * on an older server it stops there (Terminate, close) with {@link Outcome#NOT_APPLICABLE}
     * instead of failing on what the older server cannot do.
     */
    public ScriptRunner requireServer(ServerVersion minimum) {
        this.minimumServer = minimum;
        return this;
    }

    /** Sets a variable the script can use as {@code $name} / {@code ${name}}. */
    public ScriptRunner set(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /**
     * Stops the run from another thread (the workbench's Stop button): the step in progress is
     * interrupted, no further step starts, and each open connection says Terminate before it closes,
     * so the server ends the session as for a polite client. {@link #run} then returns a failed
     * result whose reason is {@code "stopped"}.
     */
    public void stop() {
        synchronized (stopLock) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (runThread != null) {
                runThread.interrupt(); // only while run() runs: a late interrupt would cut the goodbye and the recording short
            }
        }
    }

    /** Runs every step; closes the script's connections at the end, whatever happened. */
    public Result run(Script script) throws InterruptedException {
        synchronized (stopLock) {
            runThread = Thread.currentThread();
        }
        Step at = null;
        try {
            for (Step step : script.steps()) {
                at = step;
                if (stopped) {
                    return new Result(false, step, "stopped");
                }
                Result olderServer = serverTooOld(step);
                if (olderServer != null) {
                    return olderServer;
                }
                listener.beforeStep(step, mode);
                if (stopped) {
                    return new Result(false, step, "stopped");
                }
                try {
                    execute(step);
                } catch (InterruptedException e) {
                    if (stopped) {
                        return new Result(false, step, "stopped");
                    }
                    throw e;
                } catch (Failure | IOException | IllegalArgumentException e) {
                    // what an older server cannot do is no failure of the script
                    Result older = serverTooOld(step);
                    return older != null ? older : new Result(false, step, e.getMessage());
                }
            }
            for (WireConnection c : connections.values()) {
                c.flush();
            }
            for (WireConnection c : connections.values()) {
                c.awaitQuiet(Duration.ofMillis(150), Duration.ofSeconds(5)); // so that the last answers are recorded too
            }
            Result tooOld = serverTooOld(null);
            return tooOld != null ? tooOld : Result.PASSED;
        } catch (IOException e) {
            Result tooOld = serverTooOld(at);
            return tooOld != null ? tooOld : new Result(false, null, e.getMessage());
        } catch (InterruptedException e) {
            if (stopped) {
                return new Result(false, at, "stopped");
            }
            throw e;
        } finally {
            synchronized (stopLock) {
                runThread = null;
            }
            if (stopped || notApplicable) {
                Thread.interrupted(); // the goodbye below must not be cut short by the stop's own interrupt
                for (WireConnection c : connections.values()) {
                    // a statement still running is cancelled, as psql's Ctrl+C would, rather than left to finish
                    if (!c.isClosed() && pastLogin(c) && c.awaitingReadyForQuery() && c.backendKey() != null) {
                        try {
                            client.cancel(c.backendKey(), Duration.ofSeconds(2));
                            listener.info(null, "CancelRequest sent for process " + c.backendKey().processId()
                                    + (stopped ? " (stopped)" : " (not applicable)"));
                        } catch (IOException | InterruptedException e) {
                            Thread.interrupted();
                        }
                    }
                }
                for (WireConnection c : connections.values()) {
                    if (!c.isClosed() && pastLogin(c)) {
                        try {
                            c.send(new Terminate());
                            c.flush();
                        } catch (IOException e) {
                            // the server is gone already: closing anyway
                        }
                    }
                }
            }
            for (WireConnection c : connections.values()) {
                c.close();
            }
            connections.clear();
            opened.clear();
            loggedIn.clear();
        }
    }

    private boolean pastLogin(WireConnection c) {
        return loggedIn.contains(c) || c.authenticated();
    }

    /**
     * The not-applicable result when the first connection's server is older than required, else
     * null (no requirement, or the version not known yet). Connections then say Terminate as for a stop.
     */
    private Result serverTooOld(Step at) {
        if (minimumServer == null) {
            return null;
        }
        for (WireConnection c : opened) {
            String v = c.serverVersion();
            if (v == null) {
                continue;
            }
            ServerVersion server = ServerVersion.parse(v).orElse(null);
            if (server == null || !server.isOlderThan(minimumServer)) {
                return null;
            }
            notApplicable = true;
            String why = "not applicable: needs PostgreSQL " + minimumServer + " or newer, the server is " + server;
            listener.info(at, why);
            return new Result(Outcome.NOT_APPLICABLE, at, why, minimumServer, server);
        }
        return null;
    }

    // ------------------------------------------------------------------ steps

    private void execute(Step s) throws Failure, IOException, InterruptedException {
        ScriptVerbs.Verb verb = ScriptVerbs.get(s.command());
        if (verb != null && verb.build() != null) {
            // a StartupMessage goes on a bare socket (TLS per sslmode first, as libpq does), the rest after the login
            WireConnection c = s.command().equals("startup") ? bare(true) : connection(s);
            send(c, verb.build().apply(new ScriptVerbs.Args(s, this::resolve)));
            return;
        }
        switch (s.command()) {
            case "connection" -> {
                flushAll();
                current = text(s, "name");
            }
            case "connect" -> {
                if (open() != null) {
                    throw new Failure("connection " + current + " is already open (disconnect first, or use connection NAME for another)");
                }
                ConnectionSettings login = loginSettings(s);
                WireConnection c = client.connect(current, login, timeout);
                c.autoFlush(mode != RunMode.ALL);
                connections.put(current, c);
                opened.add(c);
                loggedIn.add(c);
                listener.info(s, "connected as " + login.user() + " to " + login.database() + " (connection " + current + ")");
            }
            case "sslrequest" -> {
                WireConnection c = bare(false);
                char answer = client.sslRequest(c);
                listener.info(s, answer == 'S' ? "server accepted TLS: handshake done" : "server answered " + answer);
            }
            case "gssencrequest" -> {
                WireConnection c = bare(false);
                listener.info(s, "server answered " + c.gssEncRequest());
            }
            case "raw" -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (Arg a : s.extra()) {
                    Text t = (Text) a.value();
                    String v = resolve(t);
                    byte[] b = t.quoted() ? v.getBytes(StandardCharsets.UTF_8) : ScriptParser.hexBytes(v);
                    if (b == null) {
                        throw new Failure("\"" + v + "\" is not hex bytes");
                    }
                    bytes.writeBytes(b);
                }
                WireConnection c = open() != null ? open() : bare(false);
                c.sendRaw(bytes.toByteArray());
                afterSend(c);
            }
            case "auth", "login" -> {
                WireConnection c = connection(s);
                c.flush();
                String pw = s.has("password") ? text(s, "password") : null;
                Authenticator a = new Authenticator(c, client.settings().user(), () -> pw != null ? pw : client.password(),
                        client.settings().channelBinding());
                Authenticator.Result r = a.authenticate(timeout);
                listener.info(s, "authentication (" + a.method() + "): " + r.name().toLowerCase());
                if (s.command().equals("login")) {
                    try {
                        WireClient.awaitReady(c, r, timeout);
                        loggedIn.add(c);
                    } catch (WireClient.LoginFailed e) {
                        throw new Failure("login failed: " + e.getMessage());
                    }
                }
            }
            case "cancel" -> {
                flushAll();
                BackendKeyData key;
                if (s.has("pid")) {
                    key = new BackendKeyData(Integer.parseInt(text(s, "pid")), new ScriptVerbs.Args(s, this::resolve).bytes("key"));
                } else {
                    WireConnection c = connections.get(current);
                    if (c == null || c.backendKey() == null) {
                        throw new Failure("connection " + current + " has no BackendKeyData to cancel with (give pid= and key=)");
                    }
                    key = c.backendKey();
                }
                client.cancel(key, timeout);
                listener.info(s, "CancelRequest sent for process " + key.processId());
            }
            case "disconnect" -> {
                WireConnection c = connections.remove(current);
                if (c != null) {
                    c.close();
                }
            }
            case "expect" -> expect(s);
            case "await" -> await(s);
            case "set" -> variables.put(text(s, "name"), text(s, "value"));
            case "note" -> listener.info(s, text(s, "text"));
            case "timeout" -> timeout = Duration.ofMillis(ScriptParser.millis(text(s, "duration")));
            default -> throw new Failure("command " + s.command() + " is not implemented");
        }
    }

    private ConnectionSettings loginSettings(Step s) {
        ConnectionSettings base = client.settings();
        ConnectionSettings login = base.withLogin(s.has("user") ? text(s, "user") : base.user(),
                s.has("database") ? text(s, "database") : base.database());
        if (s.has("password")) {
            login = login.withPassword(text(s, "password"));
        }
        if (s.has("version")) {
            login = login.withProtocolVersion(ConnectionSettings.parseVersion(text(s, "version")));
        }
        if (!s.extra().isEmpty()) {
            Map<String, String> params = new LinkedHashMap<>(base.startupParameters());
            for (Arg a : s.extra()) {
                params.put(a.name(), resolve(a.value()));
            }
            login = login.withStartupParameters(params);
        }
        return login;
    }

    // ------------------------------------------------------------------ connections

    private WireConnection open() {
        WireConnection c = connections.get(current);
        return c;
    }

    /** The current connection, opened bare (no login) if it does not exist; TLS per sslmode first when asked. */
    private WireConnection bare(boolean tlsFirst) throws IOException {
        WireConnection c = connections.get(current);
        if (c == null) {
            c = tlsFirst ? client.openWithTls(current) : client.open(current);
            c.autoFlush(mode != RunMode.ALL);
            connections.put(current, c);
            opened.add(c);
        }
        return c;
    }

    /** The current connection, logged in automatically if it does not exist yet. */
    private WireConnection connection(Step s) throws IOException, InterruptedException {
        WireConnection c = connections.get(current);
        if (c == null) {
            c = client.connect(current, client.settings(), timeout);
            c.autoFlush(mode != RunMode.ALL);
            connections.put(current, c);
            opened.add(c);
            loggedIn.add(c);
            listener.info(s, "connected as " + client.settings().user() + " to " + client.settings().database()
                    + " (connection " + current + ")");
        }
        return c;
    }

    private void send(WireConnection c, FrontendMessage m) throws IOException, InterruptedException {
        c.send(m);
        afterSend(c);
    }

    private void afterSend(WireConnection c) throws IOException, InterruptedException {
        if (mode == RunMode.WAIT) {
            c.flush();
            c.awaitQuiet(Duration.ofMillis(150), Duration.ofSeconds(5));
        }
    }

    private void flushAll() throws IOException {
        for (WireConnection c : connections.values()) {
            c.flush();
        }
    }

    // ------------------------------------------------------------------ expect / await

    private WireConnection reading(Step s) throws Failure, IOException {
        WireConnection c = connections.get(current);
        if (c == null) {
            throw new Failure("connection " + current + " is not open: nothing to " + s.command());
        }
        c.flush();
        return c;
    }

    private void expect(Step s) throws Failure, IOException, InterruptedException {
        WireConnection c = reading(s);
        String type = ((Text) s.arg("type").value()).text();
        if (type.equalsIgnoreCase("closed")) {
            Incoming in = nextMessage(c, "closed", true);
            if (!in.isClosed()) {
                throw new Failure("expected the server to close the connection, got " + summary(in.decoded()));
            }
            listener.info(s, "connection closed as expected (" + in.closedReason() + ")");
            return;
        }
        if (type.equalsIgnoreCase("nothing")) {
            long ms = s.has("duration") ? ScriptParser.millis(text(s, "duration")) : 300;
            Incoming in;
            do {
                in = c.next(Duration.ofMillis(ms));
            } while (in != null && !in.isClosed() && skippable(in.decoded(), "nothing"));
            if (in != null && !in.isClosed()) {
                throw new Failure("expected nothing more within " + ms + " ms, got " + summary(in.decoded()));
            }
            listener.info(s, "nothing more came within " + ms + " ms");
            return;
        }
        Incoming in = nextMessage(c, type, false);
        if (in.isClosed()) {
            throw new Failure("expected " + describe(s) + ", but the connection closed (" + in.closedReason() + ")");
        }
        if (!MessageNames.matches(type, in.decoded())) {
            throw new Failure("expected " + describe(s) + ", got " + summary(in.decoded()));
        }
        check(s, in.decoded());
        listener.info(s, "got " + summary(in.decoded()));
    }

    private void await(Step s) throws Failure, IOException, InterruptedException {
        if (s.has("duration")) {
            flushAll();
            WireConnection c = connections.get(current);
            long ms = ScriptParser.millis(text(s, "duration"));
            if (c != null) {
                c.sleep(Duration.ofMillis(ms));
            } else {
                Thread.sleep(ms); // nothing to watch: the script asked for a pause
            }
            return;
        }
        WireConnection c = reading(s);
        String type = ((Text) s.arg("type").value()).text();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Incoming in = c.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (in == null) {
                throw new Failure("no " + type + " within " + timeout.toMillis() + " ms");
            }
            if (in.isClosed()) {
                if (type.equalsIgnoreCase("closed")) {
                    listener.info(s, "connection closed (" + in.closedReason() + ")");
                    return;
                }
                throw new Failure("the connection closed (" + in.closedReason() + ") before " + type + " came");
            }
            if (MessageNames.matches(type, in.decoded())) {
                check(s, in.decoded());
                listener.info(s, "got " + summary(in.decoded()));
                return;
            }
        }
    }

    private Incoming nextMessage(WireConnection c, String type, boolean closing) throws Failure, InterruptedException {
        while (true) {
            Incoming in = c.next(timeout);
            if (in == null) {
                throw new Failure("expected " + (closing ? "the server to close the connection" : type) + ", but nothing came within "
                        + timeout.toMillis() + " ms");
            }
            if (in.isClosed() || !skippable(in.decoded(), type)) {
                return in;
            }
        }
    }

    /**
     * ParameterStatus and NoticeResponse come when the server likes, and SSLResponse/GSSENCResponse
     * belong to the TLS set-up sslmode asked for: expect passes over them unless asked for.
     */
    private static boolean skippable(Decoded d, String type) {
        Message m = d.message();
        return (m instanceof ParameterStatus || m instanceof NoticeResponse || m instanceof SSLResponse || m instanceof GSSENCResponse)
                && !MessageNames.matches(type, d);
    }

    private void check(Step s, Decoded d) throws Failure {
        for (Arg a : s.extra()) {
            String actual = MessageFields.get(d.message(), a.name());
            if (actual == null) {
                throw new Failure(d.typeName() + " has no field \"" + a.name() + "\" (it has " + String.join(", ", MessageFields.names(d.message())) + ")");
            }
            String want = resolve(a.value());
            boolean ok = a.op() == '~' ? actual.contains(want) : actual.equals(want);
            if (!ok) {
                throw new Failure("expected " + describe(s) + ", got " + d.typeName() + " with " + a.name() + "=\"" + actual + "\""
                        + (d.message() instanceof dev.pgwb.protocol.message.ErrorOrNotice e && !a.name().equals("message")
                        ? " (" + e.message() + ")" : ""));
            }
        }
        if (s.has("as")) {
            variables.put(((Text) s.arg("as").value()).text(), d.message());
        }
    }

    private String describe(Step s) {
        StringBuilder sb = new StringBuilder(((Text) s.arg("type").value()).text());
        for (Arg a : s.extra()) {
            sb.append(' ').append(a.name()).append(a.op()).append('"').append(resolve(a.value())).append('"');
        }
        return sb.toString();
    }

    private static String summary(Decoded d) {
        return (d.typeName() + " " + MessageSummary.of(d)).strip();
    }

    // ------------------------------------------------------------------ values

    private String text(Step s, String name) {
        return resolve(s.arg(name).value());
    }

    private String resolve(Value v) {
        if (v instanceof ListValue l) {
            List<String> items = new ArrayList<>();
            for (List<Text> item : l.items()) {
                items.add(String.join(" ", item.stream().map(this::resolve).toList()));
            }
            return String.join(",", items);
        }
        return resolve((Text) v);
    }

    private String resolve(Text t) {
        if (!t.interpolate()) {
            return t.text();
        }
        String s = replace(BRACED, t.text());
        if (!t.quoted()) {
            s = replace(BARE, s);
        }
        return s.replace("\\$", "$");
    }

    private String replace(Pattern p, String s) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(variable(m.group(1), m.group(2))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String variable(String name, String field) {
        Object v = variables.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown variable $" + name + " (set it with set, or with expect ... as " + name + ")");
        }
        if (v instanceof Message m) {
            if (field == null) {
                return (m.typeName() + " " + MessageSummary.of(m)).strip();
            }
            String f = MessageFields.get(m, field);
            if (f == null) {
                throw new IllegalArgumentException("$" + name + " (" + m.typeName() + ") has no field \"" + field + "\" (it has "
                        + String.join(", ", MessageFields.names(m)) + ")");
            }
            return f;
        }
        if (field != null) {
            throw new IllegalArgumentException("$" + name + " is text, it has no field \"" + field + "\"");
        }
        return (String) v;
    }
}
