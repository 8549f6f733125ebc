package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.codec.FieldReader.Truncated;
import dev.pgwb.protocol.codec.value.ValueRenderer;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.GSSResponse;
import dev.pgwb.protocol.message.HotStandbyFeedback;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.SASLInitialResponse;
import dev.pgwb.protocol.message.SASLResponse;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.StandbyStatusUpdate;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Body decoders (and the longer encoders) of messages the client sends, each reading its fields in
 * documented order. {@link MessageTypes} says which type byte each one reads.
 */
final class FrontendBodies {
    private FrontendBodies() {
    }

    static Query query(BodyContext c) {
        return new Query(c.r().cstring(FieldKey.QUERY, "Query string"));
    }

    static Describe describe(BodyContext c) {
        char target = target(c, "Describe");
        return new Describe(target, c.r().cstring(nameKey(target), "Name"));
    }

    static Execute execute(BodyContext c) {
        FieldReader r = c.r();
        return new Execute(r.cstring(FieldKey.PORTAL, "Portal"),
                r.int32(FieldKey.MAX_ROWS, "Maximum rows", v -> v == 0 ? "0 (no limit)" : Integer.toString(v)));
    }

    static Close close(BodyContext c) {
        char target = target(c, "Close");
        return new Close(target, c.r().cstring(nameKey(target), "Name"));
    }

    static CopyFail copyFail(BodyContext c) {
        return new CopyFail(c.r().cstring(FieldKey.COPY_FAIL_MESSAGE, "Error message"));
    }

    static SSLRequest sslRequest(BodyContext c) {
        c.r().int32(FieldKey.REQUEST_CODE, "Request code", v -> v + " (SSLRequest)");
        return new SSLRequest();
    }

    static GSSENCRequest gssEncRequest(BodyContext c) {
        c.r().int32(FieldKey.REQUEST_CODE, "Request code", v -> v + " (GSSENCRequest)");
        return new GSSENCRequest();
    }

    static CancelRequest cancelRequest(BodyContext c) {
        FieldReader r = c.r();
        r.int32(FieldKey.REQUEST_CODE, "Request code", v -> v + " (CancelRequest)");
        int pid = r.int32(FieldKey.PID, "Process ID");
        int keyLength = r.remaining();
        Bytes key = r.rest("Secret key", k -> c.secret(k.hex(), k.length()) + " (" + k.length() + " bytes)");
        if (keyLength < 4 || keyLength > 256) {
            c.problem("cancel key of " + keyLength + " bytes; the protocol allows 4 (3.0) up to 256 (3.2)");
        }
        return new CancelRequest(pid, key);
    }

    static void writeStartup(StartupMessage s, MessageWriter w) {
        w.int32(s.protocolVersion());
        for (StartupParameter p : s.parameters()) {
            w.cstring(p.name()).cstring(p.value());
        }
        w.byte1(0);
    }

    /** A start-up packet whose code is none of the requests: the code is the protocol version. */
    static StartupMessage startup(BodyContext c) {
        FieldReader r = c.r();
        int version = r.int32("Protocol version", v -> StartupCodes.versionText(v) + " (" + v + ")");
        r.keyLast(FieldKey.PROTOCOL_VERSION, StartupCodes.versionText(version));
        if (version != StartupCodes.PROTOCOL_3_0 && version != StartupCodes.PROTOCOL_3_2) {
            c.problem("protocol version " + StartupCodes.versionText(version)
                    + " is neither 3.0 nor 3.2; PostgreSQL answers a newer 3.x with NegotiateProtocolVersion and rejects others");
        }
        List<StartupParameter> params = new ArrayList<>();
        while (!r.endOfList("parameters")) {
            r.beginGroup("Parameter");
            String name = r.cstring(FieldKey.PARAMETER_NAME, "Name");
            String value = r.cstring(FieldKey.PARAMETER_VALUE, "Value");
            r.endGroup(name + "=" + value);
            params.add(new StartupParameter(name, value));
        }
        return new StartupMessage(version, params);
    }

    /** The key of the name a Describe or Close gives: a statement's or a portal's, none for an invalid target. */
    private static FieldKey nameKey(char target) {
        return target == 'S' ? FieldKey.STATEMENT : target == 'P' ? FieldKey.PORTAL : null;
    }

    private static char target(BodyContext c, String what) {
        int t = c.r().byte1(FieldKey.TARGET, "Target", v -> switch (v) {
            case 'S' -> "'S' prepared statement";
            case 'P' -> "'P' portal";
            default -> MessageTypes.typeChar(v) + " (invalid)";
        });
        if (t != 'S' && t != 'P') {
            c.problem(what + " target " + MessageTypes.typeChar(t) + " is neither 'S' (statement) nor 'P' (portal)");
        }
        return (char) t;
    }

    static Parse parse(BodyContext c) {
        FieldReader r = c.r();
        String name = r.cstring(FieldKey.STATEMENT, "Statement name");
        String query = r.cstring(FieldKey.QUERY, "Query string");
        int n = count(c, "Parameter type count");
        List<Integer> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(r.uint32(FieldKey.PARAM_TYPE, "Parameter " + (i + 1) + " type", FrontendBodies::oidText));
        }
        return new Parse(name, query, types);
    }

    static void writeParse(Parse p, MessageWriter w) {
        w.cstring(p.statement()).cstring(p.query()).int16(p.parameterTypes().size());
        for (int oid : p.parameterTypes()) {
            w.int32(oid);
        }
    }

    static Bind bind(BodyContext c) {
        FieldReader r = c.r();
        String portal = r.cstring(FieldKey.PORTAL, "Portal");
        String statement = r.cstring(FieldKey.STATEMENT, "Statement");
        List<Integer> formats = formatCodes(c, "Parameter format code", FieldKey.PARAM_FORMAT);
        int n = count(c, "Parameter count");
        if (formats.size() > 1 && formats.size() != n) {
            c.problem(formats.size() + " parameter format codes for " + n + " parameters (must be 0, 1 or one per parameter)");
        }
        List<Integer> types = c.state().statementParameterTypes(statement);
        List<Bytes> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int format = Values.formatFor(formats, i);
            int oid = i < types.size() ? types.get(i) : 0;
            values.add(Values.read(c, FieldKey.PARAM_VALUE, "Parameter " + (i + 1), oid, format));
        }
        List<Integer> resultFormats = formatCodes(c, "Result format code", FieldKey.RESULT_FORMAT);
        return new Bind(portal, statement, formats, values, resultFormats);
    }

    static void writeBind(Bind b, MessageWriter w) {
        w.cstring(b.portal()).cstring(b.statement()).int16List(b.parameterFormats()).int16(b.parameters().size());
        for (Bytes v : b.parameters()) {
            w.value(v);
        }
        w.int16List(b.resultFormats());
    }

    static FunctionCall functionCall(BodyContext c) {
        FieldReader r = c.r();
        int oid = r.uint32(FieldKey.FUNCTION_OID, "Function OID", Integer::toUnsignedString);
        List<Integer> formats = formatCodes(c, "Argument format code", null);
        int n = count(c, "Argument count");
        List<Bytes> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(Values.read(c, null, "Argument " + (i + 1), 0, Values.formatFor(formats, i)));
        }
        int resultFormat = r.int16("Result format", Values::formatText);
        return new FunctionCall(oid, formats, args, resultFormat);
    }

    static void writeFunctionCall(FunctionCall f, MessageWriter w) {
        w.int32(f.functionOid()).int16List(f.argumentFormats()).int16(f.arguments().size());
        for (Bytes v : f.arguments()) {
            w.value(v);
        }
        w.int16(f.resultFormat());
    }

    static List<Integer> formatCodes(BodyContext c, String name, FieldKey key) {
        FieldReader r = c.r();
        int n = count(c, name + " count");
        List<Integer> codes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int f = r.int16(key, name + " " + (i + 1), Values::formatText);
            if (f != 0 && f != 1) {
                c.problem(name + " " + (i + 1) + " is " + f + "; only 0 (text) and 1 (binary) exist");
            }
            codes.add(f);
        }
        return codes;
    }

    /** An Int16 count; a negative one cannot be read past. */
    static int count(BodyContext c, String name) {
        return count(c, null, name);
    }

    /** {@link #count(BodyContext, String)} with a stable key. */
    static int count(BodyContext c, FieldKey key, String name) {
        int n = c.r().int16(key, name, Integer::toString);
        if (n < 0) {
            throw new Truncated(name + " is negative (" + n + ")");
        }
        return n;
    }

    static String oidText(int oid) {
        return oid == 0 ? "0 (unspecified)" : Integer.toUnsignedString(oid) + " (" + ValueRenderer.typeName(oid) + ")";
    }

    /** CopyData from the client: on a replication connection in COPY BOTH, a standby status update or hot standby feedback. */
    static Message copyData(BodyContext c) {
        FieldReader r = c.r();
        ConnectionState s = c.state();
        if (s.replication() && s.copy() == ConnectionState.CopyMode.BOTH && r.remaining() > 0) {
            int kind = r.array()[r.position()] & 0xff;
            if (kind == 'r' && r.remaining() == 1 + 8 * 4 + 1) {
                r.beginGroup("Standby status update");
                r.byte1("Kind", v -> "'r' standby status update");
                long written = r.int64("WAL written", Values::lsn);
                long flushed = r.int64("WAL flushed", Values::lsn);
                long applied = r.int64("WAL applied", Values::lsn);
                long clock = r.int64("Client time", Values::pgEpochMicros);
                int reply = r.byte1("Reply requested", v -> v == 1 ? "1 (yes)" : v == 0 ? "0 (no)" : v + " (invalid)");
                r.endGroup("written " + Values.lsn(written) + ", flushed " + Values.lsn(flushed) + ", applied " + Values.lsn(applied));
                return new StandbyStatusUpdate(written, flushed, applied, clock, reply != 0);
            }
            if (kind == 'h' && r.remaining() == 1 + 8 + 4 * 4) {
                r.beginGroup("Hot standby feedback");
                r.byte1("Kind", v -> "'h' hot standby feedback");
                long clock = r.int64("Client time", Values::pgEpochMicros);
                int xmin = r.int32("xmin", Integer::toUnsignedString);
                int epoch = r.int32("xmin epoch", Integer::toUnsignedString);
                int catalogXmin = r.int32("catalog_xmin", Integer::toUnsignedString);
                int catalogEpoch = r.int32("catalog_xmin epoch", Integer::toUnsignedString);
                r.endGroup("xmin " + Integer.toUnsignedString(xmin) + ", catalog_xmin " + Integer.toUnsignedString(catalogXmin));
                return new HotStandbyFeedback(clock, xmin, epoch, catalogXmin, catalogEpoch);
            }
        }
        return new CopyData(Values.copyPayload(c));
    }

    /**
     * The {@code 'p'} family, resolved by the server's last Authentication request. Without one
     * (client bytes alone), the content decides and the guess is said.
     */
    static Message authenticationResponse(BodyContext c) {
        ConnectionState.AuthExpectation expected = c.state().auth();
        if (expected == ConnectionState.AuthExpectation.UNKNOWN || expected == ConnectionState.AuthExpectation.DONE) {
            ConnectionState.AuthExpectation guess = guessAuthResponse(c.r());
            c.problem((expected == ConnectionState.AuthExpectation.DONE ? "'p' after authentication completed"
                    : "no Authentication request seen") + "; read as " + switch (guess) {
                        case SASL_INITIAL -> "SASLInitialResponse";
                        case SASL_RESPONSE -> "SASLResponse";
                        case GSS_RESPONSE -> "GSSResponse";
                        default -> "PasswordMessage";
                    } + " from its content");
            expected = guess;
        }
        FieldReader r = c.r();
        switch (expected) {
            case SASL_INITIAL -> {
                String mechanism = r.cstring(FieldKey.SASL_MECHANISM, "Mechanism");
                int len = r.int32("Data length", v -> v == -1 ? "-1 (no initial response)" : Integer.toString(v));
                Bytes data = null;
                if (len >= 0) {
                    data = r.bytes("Client-first-message", len, b -> FieldReader.quote(ascii(b)));
                } else if (len != -1) {
                    throw new Truncated("SASL data length " + len + " is negative");
                }
                return new SASLInitialResponse(mechanism, data);
            }
            case SASL_RESPONSE -> {
                Bytes data = r.rest("SASL data", b -> FieldReader.quote(scramRedacted(ascii(b), c)));
                return new SASLResponse(data);
            }
            case GSS_RESPONSE -> {
                Bytes data = r.rest("GSSAPI/SSPI token", b -> c.secret(b.hex(), b.length()));
                return new GSSResponse(data);
            }
            default -> {
                int start = r.position();
                int nul = -1;
                for (int i = start; i < r.array().length; i++) {
                    if (r.array()[i] == 0) {
                        nul = i;
                        break;
                    }
                }
                if (nul < 0) {
                    throw new Truncated("password has no NUL terminator");
                }
                String pw = PgText.decode(r.array(), start, nul - start, r.charset());
                r.add("Password", start, nul - start + 1,
                        c.secret(FieldReader.quote(pw), nul - start) + (pw.startsWith("md5") && pw.length() == 35 ? " (MD5 hash)" : ""));
                r.advance(nul - start + 1);
                return new PasswordMessage(pw);
            }
        }
    }

    private static ConnectionState.AuthExpectation guessAuthResponse(FieldReader r) {
        byte[] b = r.array();
        int p = r.position();
        int end = b.length;
        int nul = -1;
        for (int i = p; i < end; i++) {
            if (b[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul > p && nul + 5 <= end) {
            String mech = new String(b, p, nul - p, StandardCharsets.ISO_8859_1);
            int len = Decoder.int32(b, nul + 1);
            if (mech.matches("[A-Z0-9_-]{1,40}") && (len == end - nul - 5 || (len == -1 && nul + 5 == end))) {
                return ConnectionState.AuthExpectation.SASL_INITIAL;
            }
        }
        if (nul == end - 1) {
            return ConnectionState.AuthExpectation.PASSWORD;
        }
        if (end - p >= 2 && b[p] == 'c' && b[p + 1] == '=') {
            return ConnectionState.AuthExpectation.SASL_RESPONSE;
        }
        return ConnectionState.AuthExpectation.GSS_RESPONSE;
    }

    private static String ascii(Bytes b) {
        return PgText.decode(b.toArray(), StandardCharsets.UTF_8);
    }

    /** SCRAM client-final-message: the proof ({@code p=}) is a secret. */
    private static String scramRedacted(String text, BodyContext c) {
        if (c.revealSecrets()) {
            return text;
        }
        return text.replaceAll("(^|,)p=[^,]*", "$1p=(redacted)");
    }
}
