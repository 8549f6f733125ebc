package dev.pgwb.protocol.client;

import dev.pgwb.protocol.client.Script.Arg;
import dev.pgwb.protocol.client.Script.ListValue;
import dev.pgwb.protocol.client.Script.Step;
import dev.pgwb.protocol.client.Script.Text;
import dev.pgwb.protocol.client.Script.Value;
import dev.pgwb.protocol.codec.value.TypeOids;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyDone;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Flush;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.SASLInitialResponse;
import dev.pgwb.protocol.message.SASLResponse;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The verbs of the script language ({@code docs/script.md}), each described once: its name, its
 * arguments, its usage line and, for a verb that stands for one frontend message, how that message
 * is built from a line and how such a message is written back as a line. The parser
 * ({@link ScriptParser}), the runner ({@link ScriptRunner}), the writer ({@link ScriptWriter}), the
 * pgproto import ({@link PgprotoImport}) and the editor's words ({@link ScriptVocabulary}) all read
 * this one table. What the runner does for the other verbs (connections, authentication, waiting)
 * is its own business.
 */
final class ScriptVerbs {

    /** Written arguments in the order they go on the line: positional slots by name, then {@code name=value}. */
    record Written(List<Map.Entry<String, String>> args) {
        static Written of(String... namesAndValues) {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (namesAndValues[i + 1] != null) {
                    out.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
                }
            }
            return new Written(out);
        }

        Written and(String name, String value) {
            List<Map.Entry<String, String>> out = new ArrayList<>(args);
            out.add(Map.entry(name, value));
            return new Written(out);
        }
    }

    /**
     * One verb.
     *
     * @param positional the slots positional arguments fill, in order (they may also be named)
     * @param shortForm  the slots when a line gives one positional argument whose first slot it is
     *                   not ({@code parse "select 1"} is the SQL), or null
     * @param named      every name the verb accepts as {@code name=value}, positional slots included
     * @param anyNamed   whether other {@code name=value} go through as they are (startup parameters)
     * @param variadic   whether every positional argument is kept as it comes ({@code raw}, {@code expect})
     * @param build      the message a line sends, or null when the runner does more than send one message
     * @param writes     the messages {@code write} turns into lines of this verb, or null
     * @param write      the arguments a message is written back with, or null when the verb cannot say it
     *                   (the message is then sent as {@code raw} bytes)
     */
    record Verb(String name, List<String> positional, List<String> shortForm, Set<String> named, boolean anyNamed,
                boolean variadic, String usage, Function<Args, FrontendMessage> build,
                Class<? extends Message> writes, Function<Message, Written> write) {

        Verb builds(Function<Args, FrontendMessage> b) {
            return new Verb(name, positional, shortForm, named, anyNamed, variadic, usage, b, writes, write);
        }

        <M extends Message> Verb writes(Class<M> type, Function<M, Written> w) {
            return new Verb(name, positional, shortForm, named, anyNamed, variadic, usage, build, type, m -> w.apply(type.cast(m)));
        }

        Verb shortForm(String... slots) {
            return new Verb(name, positional, List.of(slots), named, anyNamed, variadic, usage, build, writes, write);
        }

        /** The slots {@code count} positional arguments fill, the named ones {@code given} taken out. */
        List<String> slots(int count, Set<String> given) {
            List<String> slots = new ArrayList<>(shortForm != null && count == 1 && !given.contains(shortForm.get(0))
                    ? shortForm : positional);
            slots.removeAll(given);
            return slots;
        }

        /** The line: the verb, the positional slots given (in slot order), then the other arguments as {@code name=value}. */
        String line(Written w) {
            StringBuilder s = new StringBuilder(name);
            for (String slot : positional) {
                for (Map.Entry<String, String> a : w.args()) {
                    if (a.getKey().equals(slot)) {
                        s.append(' ').append(a.getValue());
                    }
                }
            }
            for (Map.Entry<String, String> a : w.args()) {
                if (!positional.contains(a.getKey())) {
                    s.append(' ').append(a.getKey()).append('=').append(a.getValue());
                }
            }
            return s.toString();
        }
    }

    private static final Map<String, Verb> VERBS = new LinkedHashMap<>();

    static {
        add(verb("startup", List.of(), Set.of("version"), true, false, "startup [version=3.0] name=value...")
                .builds(Args::startup).writes(StartupMessage.class, ScriptWriter::startup));
        add(verb("connect", List.of(), Set.of("version", "user", "database", "password"), true, false,
                "connect [user=U] [database=D] [version=3.2] [name=value...]"));
        add(verb("connection", List.of("name"), Set.of(), false, false, "connection NAME"));
        add(verb("sslrequest", List.of(), Set.of(), false, false, "sslrequest").writes(SSLRequest.class, r -> Written.of()));
        add(verb("gssencrequest", List.of(), Set.of(), false, false, "gssencrequest").writes(GSSENCRequest.class, r -> Written.of()));
        add(verb("password", List.of("text"), Set.of(), false, false, "password TEXT")
                .builds(a -> new PasswordMessage(a.text("text"))));
        add(verb("sasl", List.of("mechanism", "data"), Set.of(), false, false,
                "sasl MECHANISM DATA (SASLInitialResponse) | sasl DATA (SASLResponse)").shortForm("data")
                .builds(Args::sasl));
        add(verb("auth", List.of(), Set.of("password"), false, false, "auth [password=TEXT]"));
        add(verb("login", List.of(), Set.of("password"), false, false, "login [password=TEXT]"));
        add(verb("cancel", List.of(), Set.of("pid", "key"), false, false, "cancel [pid=N key=HEX]")
                .writes(CancelRequest.class, c -> Written.of("pid", Integer.toString(c.processId()),
                        "key", "0x" + java.util.HexFormat.of().formatHex(c.secretKey().toArray()))));
        add(verb("raw", List.of(), Set.of(), false, true, "raw HEX... | raw \"text\""));
        add(verb("disconnect", List.of(), Set.of(), false, false, "disconnect"));
        add(verb("terminate", List.of(), Set.of(), false, false, "terminate")
                .builds(a -> new Terminate()).writes(Terminate.class, t -> Written.of()));
        add(verb("sync", List.of(), Set.of(), false, false, "sync").builds(a -> new Sync()).writes(Sync.class, t -> Written.of()));
        add(verb("flush", List.of(), Set.of(), false, false, "flush").builds(a -> new Flush()).writes(Flush.class, t -> Written.of()));
        add(verb("copydone", List.of(), Set.of(), false, false, "copydone")
                .builds(a -> new CopyDone()).writes(CopyDone.class, t -> Written.of()));
        add(verb("parse", List.of("stmt", "sql"), Set.of("types"), false, false, "parse [NAME] SQL [types=(int4, text)]")
                .shortForm("sql")
                .builds(a -> new Parse(a.text("stmt", ""), a.text("sql"), a.types()))
                .writes(Parse.class, p -> Written.of("stmt", ScriptWriter.name(p.statement()), "sql", ScriptWriter.quote(p.query()),
                        "types", p.parameterTypes().isEmpty() ? null : "(" + String.join(", ",
                                p.parameterTypes().stream().map(ScriptWriter::typeName).toList()) + ")")));
        add(verb("bind", List.of("portal", "stmt"), Set.of("params", "formats", "results"), false, false,
                "bind [PORTAL] [STATEMENT] [params=(int4 42, text \"x\", null)] [results=binary]")
                .builds(Args::bind).writes(Bind.class, ScriptWriter::bind));
        add(verb("describe", List.of("kind", "name"), Set.of(), false, false, "describe statement|portal NAME")
                .builds(a -> new Describe(a.kind(), a.text("name", "")))
                .writes(Describe.class, d -> ScriptWriter.target(d.target(), d.name())));
        add(verb("execute", List.of("portal"), Set.of("rows"), false, false, "execute [PORTAL] [rows=N]")
                .builds(a -> new Execute(a.text("portal", ""), a.has("rows") ? Integer.parseInt(a.text("rows")) : 0))
                .writes(Execute.class, e -> Written.of("portal", ScriptWriter.name(e.portal()),
                        "rows", e.maxRows() == 0 ? null : Integer.toString(e.maxRows()))));
        add(verb("close", List.of("kind", "name"), Set.of(), false, false, "close statement|portal NAME")
                .builds(a -> new Close(a.kind(), a.text("name", "")))
                .writes(Close.class, c -> ScriptWriter.target(c.target(), c.name())));
        add(verb("query", List.of("sql"), Set.of(), false, false, "query SQL")
                .builds(a -> new Query(a.text("sql"))).writes(Query.class, q -> Written.of("sql", ScriptWriter.quote(q.sql()))));
        add(verb("copydata", List.of("data"), Set.of(), false, false, "copydata \"text\" | copydata 0xHEX")
                .builds(a -> new CopyData(a.bytes("data"))).writes(CopyData.class, d -> Written.of("data", ScriptWriter.bytes(d.data()))));
        add(verb("copyfail", List.of("message"), Set.of(), false, false, "copyfail \"why\"")
                .builds(a -> new CopyFail(a.text("message")))
                .writes(CopyFail.class, f -> Written.of("message", ScriptWriter.quote(f.message()))));
        add(verb("functioncall", List.of(), Set.of("oid", "args", "result"), false, false,
                "functioncall oid=N [args=(int4 1, text \"x\")] [result=text|binary]")
                .builds(Args::functionCall).writes(FunctionCall.class, ScriptWriter::functionCall));
        add(verb("expect", List.of(), Set.of(), true, true,
                "expect TYPE [field=value | field~text]... [as NAME] | expect closed | expect nothing [DURATION]"));
        add(verb("await", List.of(), Set.of(), true, true, "await TYPE [field=value]... [as NAME] | await DURATION | await closed"));
        add(verb("set", List.of("name", "value"), Set.of(), false, false, "set NAME VALUE"));
        add(verb("note", List.of("text"), Set.of(), false, false, "note \"text\""));
        add(verb("timeout", List.of("duration"), Set.of(), false, false, "timeout DURATION"));
    }

    private ScriptVerbs() {
    }

    private static Verb verb(String name, List<String> positional, Set<String> named, boolean anyNamed, boolean variadic, String usage) {
        Set<String> all = new TreeSet<>(named);
        all.addAll(positional);
        return new Verb(name, positional, null, java.util.Collections.unmodifiableSet(all), anyNamed, variadic, usage,
                null, null, null);
    }

    private static void add(Verb v) {
        VERBS.put(v.name(), v);
    }

    /** The verbs, in the order the documentation lists them. */
    static Set<String> names() {
        return java.util.Collections.unmodifiableSet(VERBS.keySet());
    }

    /** The verb of this name (lower case), or null. */
    static Verb get(String name) {
        return VERBS.get(name);
    }

    /** The line for a verb and its written arguments: {@code line("execute", Written.of("portal", "\"\""))}. */
    static String line(String verb, Written args) {
        return VERBS.get(verb).line(args);
    }

    /** The line that sends {@code m} again, or null when no verb says it. */
    static String write(Message m) {
        for (Verb v : VERBS.values()) {
            if (v.writes() != null && v.writes().isInstance(m)) {
                Written w = v.write().apply(m);
                return w == null ? null : v.line(w);
            }
        }
        return null;
    }

    /**
     * A line's arguments as the runner reads them: values with their variables replaced, bytes,
     * type OIDs, Bind parameters and format codes.
     */
    static final class Args {
        private final Step step;
        private final Function<Value, String> resolve;

        Args(Step step, Function<Value, String> resolve) {
            this.step = step;
            this.resolve = resolve;
        }

        boolean has(String name) {
            return step.has(name);
        }

        String text(String name) {
            return resolve.apply(step.arg(name).value());
        }

        String text(String name, String absent) {
            return has(name) ? text(name) : absent;
        }

        /** A bare word {@code 0x...} (or hex digits) is bytes as written; anything else its UTF-8 text. */
        Bytes bytes(String name) {
            Text t = (Text) step.arg(name).value();
            String v = resolve.apply(t);
            if (!t.quoted()) {
                byte[] b = ScriptParser.hexBytes(v);
                if (b != null) {
                    return Bytes.of(b);
                }
            }
            return Bytes.of(v.getBytes(StandardCharsets.UTF_8));
        }

        char kind() {
            char k = ScriptParser.kind(text("kind"));
            if (k == 0) {
                throw new IllegalArgumentException("expected statement or portal, got \"" + text("kind") + "\"");
            }
            return k;
        }

        List<Integer> types() {
            if (!has("types")) {
                return List.of();
            }
            List<Integer> out = new ArrayList<>();
            for (String t : words(step.arg("types").value())) {
                int oid = t.matches("\\d+") ? Integer.parseInt(t) : TypeOids.byName(t);
                if (oid < 0) {
                    throw new IllegalArgumentException("unknown type \"" + t + "\"");
                }
                out.add(oid);
            }
            return out;
        }

        FrontendMessage sasl() {
            Bytes data = bytes("data");
            return has("mechanism") ? new SASLInitialResponse(text("mechanism"), data) : new SASLResponse(data);
        }

        StartupMessage startup() {
            List<StartupParameter> params = new ArrayList<>();
            for (Arg a : step.extra()) {
                params.add(new StartupParameter(a.name(), resolve.apply(a.value())));
            }
            int version = has("version") ? ConnectionSettings.parseVersion(text("version")) : ConnectionSettings.PROTOCOL_3_0;
            return new StartupMessage(version, params);
        }

        Bind bind() {
            List<ParameterValue> params = has("params") ? parameters(step.arg("params").value()) : List.of();
            List<Integer> formats = has("formats") ? formatCodes(step.arg("formats").value()) : ParameterValue.shortestFormats(params);
            List<Integer> results = has("results") ? formatCodes(step.arg("results").value()) : List.of();
            return new Bind(text("portal", ""), text("stmt", ""), formats, params.stream().map(ParameterValue::bytes).toList(), results);
        }

        FunctionCall functionCall() {
            List<ParameterValue> args = has("args") ? parameters(step.arg("args").value()) : List.of();
            List<Integer> result = has("result") ? formatCodes(step.arg("result").value()) : List.of(0);
            return new FunctionCall(Integer.parseInt(text("oid")), ParameterValue.shortestFormats(args),
                    args.stream().map(ParameterValue::bytes).toList(), result.isEmpty() ? 0 : result.get(0));
        }

        private List<String> words(Value v) {
            List<String> out = new ArrayList<>();
            if (v instanceof Text t) {
                for (String part : resolve.apply(t).split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            } else {
                for (List<Text> item : ((ListValue) v).items()) {
                    for (Text t : item) {
                        out.add(resolve.apply(t));
                    }
                }
            }
            return out;
        }

        private List<ParameterValue> parameters(Value v) {
            List<ParameterValue> out = new ArrayList<>();
            List<List<Text>> items = v instanceof ListValue l ? l.items() : List.of(List.of((Text) v));
            for (List<Text> item : items) {
                if (item.size() == 1) {
                    Text t = item.get(0);
                    out.add(!t.quoted() && t.text().equalsIgnoreCase("null") ? ParameterValue.NULL
                            : ParameterValue.of(null, resolve.apply(t), t.quoted()));
                } else if (item.size() == 2) {
                    Text type = item.get(0);
                    Text val = item.get(1);
                    boolean isNull = !val.quoted() && val.text().equalsIgnoreCase("null");
                    out.add(ParameterValue.of(resolve.apply(type), isNull ? null : resolve.apply(val), val.quoted()));
                } else {
                    throw new IllegalArgumentException("a parameter is VALUE, TYPE VALUE, TYPE:binary VALUE or null; got "
                            + item.size() + " words (separate parameters with commas)");
                }
            }
            return out;
        }

        private List<Integer> formatCodes(Value v) {
            List<Integer> out = new ArrayList<>();
            for (String w : words(v)) {
                out.add(switch (w.toLowerCase(Locale.ROOT)) {
                    case "text", "0", "t" -> 0;
                    case "binary", "1", "b" -> 1;
                    default -> {
                        try {
                            yield Integer.parseInt(w); // any number: to see what the server says about a bad format code
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("expected text, binary or a number as a format code, got \"" + w + "\"");
                        }
                    }
                });
            }
            return out;
        }
    }
}
