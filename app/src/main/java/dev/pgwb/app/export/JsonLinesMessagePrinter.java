package dev.pgwb.app.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgwb.protocol.analysis.ConnectionSummary;
import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.FrameAnalysis;
import dev.pgwb.protocol.analysis.FrameRef;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.FieldNode;
import dev.pgwb.protocol.codec.MessageSummary;
import dev.pgwb.protocol.codec.RenderedValues;
import dev.pgwb.protocol.codec.SqlState;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

/**
 * JSON Lines for programs: one object per message, one line each.
 *
 * <pre>
 * {"file":"q.bin","seq":0,"dir":"F","type":"Query","offset":0,"length":14,"summary":"\"SELECT 1\"",
 *  "fields":[{"name":"Type","offset":0,"length":1,"value":"'Q' Query","children":[]},...],
 *  "keys":{"pg.type":["Q"],"pg.length":["13"],"pg.query":["SELECT 1"]},
 *  "problems":[],"hex":"510000000d53454c454354203100"}
 * </pre>
 *
 * {@code keys} holds the plain values of the fields with a stable key ({@code docs/fields.md}), the
 * names the filter language uses, by key in field order.
 *
 * {@code file} is there only while a named source is set; {@code offset} is the message's first
 * byte in its direction's stream, the field offsets count from the message's first byte. Messages of
 * recorded sessions also carry {@code conn} (the connection id), {@code index} (position in the
 * session), {@code time} (epoch nanoseconds) and, for bytes the relay itself answered or rewrote,
 * {@code origin}; connection events are objects with {@code "event": "connection"}.
 */
public final class JsonLinesMessagePrinter implements MessagePrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private String source;

    public JsonLinesMessagePrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void startSource(String name) {
        this.source = name;
    }

    @Override
    public void print(Decoded decoded) {
        try {
            out.println(JSON.writeValueAsString(toJson(decoded, source)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always serializes
        }
    }

    @Override
    public void print(RecordedFrame recorded, Decoded decoded) {
        write(recordedJson(recorded, decoded));
    }

    /**
     * With the analysis: {@code reply_to} (the seq of the request a reply answers), for requests
     * {@code replies}, {@code status}, {@code latency_ns} and {@code duration_ns}, for a ReadyForQuery
     * the round trip it ends ({@code round_trip_ns}, {@code round_trip_from}, {@code round_trip_requests}), and
     * {@code diagnosis} (a list) when there is something to explain.
     */
    @Override
    public void print(RecordedFrame recorded, Decoded decoded, FrameAnalysis a) {
        ObjectNode o = recordedJson(recorded, decoded);
        if (a.replyTo() >= 0) {
            o.put("reply_to", a.replyTo());
        }
        if (a.isRequest()) {
            ArrayNode replies = o.putArray("replies");
            a.replies().forEach(replies::add);
            o.put("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
            if (a.latencyNanos() >= 0) {
                o.put("latency_ns", a.latencyNanos());
                o.put("duration_ns", a.durationNanos());
            }
        }
        if (a.roundTrip() != null) {
            o.put("round_trip_ns", a.roundTrip().durationNanos());
            o.put("round_trip_from", a.roundTrip().firstSeq());
            o.put("round_trip_requests", a.roundTrip().requests());
        }
        if (!a.diagnoses().isEmpty()) {
            diagnoses(o, a.diagnoses());
        }
        write(o);
    }

    /** {@code {"event":"summary","conn":1,...}}: counts, bytes, round trips, slowest requests, errors. */
    @Override
    public void summary(ConnectionSummary s) {
        ObjectNode o = JSON.createObjectNode();
        if (source != null) {
            o.put("file", source);
        }
        o.put("event", "summary");
        o.put("conn", s.connection());
        o.put("protocol", s.protocolText());
        o.put("auth", s.authMethod());
        ObjectNode counts = o.putObject("messages");
        s.messageCounts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        o.put("bytes_from_client", s.bytesFromClient());
        o.put("bytes_from_server", s.bytesFromServer());
        o.put("requests", s.requests());
        o.put("round_trips", s.roundTrips());
        o.put("round_trip_ns", s.roundTripNanos());
        o.put("statements", s.statements());
        o.put("portals", s.portals());
        ArrayNode slow = o.putArray("slowest");
        s.slowest().forEach(r -> slow.addObject().put("seq", r.seq()).put("type", r.type()).put("duration_ns", r.durationNanos())
                .put("what", r.what()));
        ArrayNode errors = o.putArray("errors");
        s.errors().forEach(e -> errors.addObject().put("seq", e.seq()).put("sqlstate", e.sqlState()).put("message", e.message()));
        o.put("warnings", s.warnings());
        if (!s.connectionDiagnoses().isEmpty()) {
            diagnoses(o, s.connectionDiagnoses());
        }
        write(o);
    }

    /** {@code "diagnosis": [{severity, code, condition, cause, subject, explanation, advice, frames}]} */
    private static void diagnoses(ObjectNode o, List<Diagnosis> list) {
        ArrayNode ds = o.putArray("diagnosis");
        for (Diagnosis d : list) {
            ObjectNode j = ds.addObject();
            j.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
            j.put("code", d.code());
            if (d.severity() == Diagnosis.Severity.ERROR) {
                SqlState.lookup(d.code()).ifPresent(s -> j.put("condition", s.conditionName()));
            }
            j.put("cause", d.cause());
            j.put("subject", d.subject());
            j.put("explanation", d.explanation());
            j.put("advice", d.advice());
            ArrayNode frames = j.putArray("frames");
            for (FrameRef f : d.frames()) {
                frames.addObject().put("conn", f.connection()).put("seq", f.seq()).put("role", f.role());
            }
        }
    }

    private ObjectNode recordedJson(RecordedFrame recorded, Decoded decoded) {
        ObjectNode o = JSON.createObjectNode();
        if (source != null) {
            o.put("file", source);
        }
        o.put("conn", recorded.connectionId());
        o.put("index", recorded.index());
        o.put("time", recorded.frame().timeNanos());
        if (recorded.origin() != RecordedFrame.Origin.FORWARDED) {
            o.put("origin", recorded.origin().name().toLowerCase(java.util.Locale.ROOT));
        }
        o.setAll(toJson(decoded, null));
        return o;
    }

    @Override
    public void connection(ConnectionInfo c) {
        ObjectNode o = JSON.createObjectNode();
        if (source != null) {
            o.put("file", source);
        }
        o.put("event", c.isOpen() ? "connection" : "connection-closed");
        o.put("conn", c.id());
        o.put("client", c.client());
        o.put("upstream", c.upstream());
        o.put("user", c.user());
        o.put("database", c.database());
        o.put("application_name", c.applicationName());
        o.put("opened", c.openedNanos());
        if (!c.isOpen()) {
            o.put("closed", c.closedNanos());
            o.put("reason", c.closeReason());
        }
        if (!c.note().isEmpty()) {
            o.put("note", c.note());
        }
        write(o);
    }

    private void write(ObjectNode o) {
        try {
            out.println(JSON.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object printed for one message; {@code source} is left out when null. */
    public static ObjectNode toJson(Decoded d, String source) {
        ObjectNode o = JSON.createObjectNode();
        if (source != null) {
            o.put("file", source);
        }
        o.put("seq", d.frame().seq());
        o.put("dir", String.valueOf(d.frame().direction().code()));
        o.put("type", d.typeName());
        o.put("offset", d.frame().streamOffset());
        o.put("length", d.frame().length());
        o.put("summary", MessageSummary.of(d));
        ArrayNode fields = o.putArray("fields");
        for (FieldNode f : d.fields()) {
            fields.add(field(f));
        }
        ObjectNode keys = o.putObject("keys");
        d.keys().forEach((key, plain) -> {
            ArrayNode values = keys.putArray(key);
            plain.forEach(values::add);
        });
        if (RenderedValues.hasValues(d)) {
            ArrayNode values = o.putArray("values");
            RenderedValues.of(d).forEach(values::add);
        }
        ArrayNode problems = o.putArray("problems");
        d.problems().forEach(problems::add);
        o.put("hex", HexFormat.of().formatHex(d.frame().bytes()));
        return o;
    }

    private static ObjectNode field(FieldNode f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", f.name());
        o.put("offset", f.offset());
        o.put("length", f.length());
        o.put("value", f.value());
        ArrayNode children = o.putArray("children");
        for (FieldNode c : f.children()) {
            children.add(field(c));
        }
        return o;
    }

    @Override
    public void flush() {
        out.flush();
    }
}
