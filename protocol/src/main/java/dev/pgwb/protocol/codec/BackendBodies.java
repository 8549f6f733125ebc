package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.codec.FieldReader.Truncated;
import dev.pgwb.protocol.codec.value.ValueRenderer;
import dev.pgwb.protocol.message.Authentication;
import dev.pgwb.protocol.message.AuthenticationCleartextPassword;
import dev.pgwb.protocol.message.AuthenticationGSS;
import dev.pgwb.protocol.message.AuthenticationGSSContinue;
import dev.pgwb.protocol.message.AuthenticationKerberosV5;
import dev.pgwb.protocol.message.AuthenticationMD5Password;
import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.AuthenticationSASLContinue;
import dev.pgwb.protocol.message.AuthenticationSASLFinal;
import dev.pgwb.protocol.message.AuthenticationSSPI;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyBothResponse;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyInResponse;
import dev.pgwb.protocol.message.CopyOutResponse;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.ErrorOrNotice;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.FunctionCallResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.message.NotificationResponse;
import dev.pgwb.protocol.message.ParameterDescription;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.PrimaryKeepalive;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.XLogData;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Body decoders (and the longer encoders) of messages the server sends, each reading its fields in
 * documented order. {@link MessageTypes} says which type byte each one reads.
 */
final class BackendBodies {
    private BackendBodies() {
    }

    static CommandComplete commandComplete(BodyContext c) {
        return new CommandComplete(c.r().cstring(FieldKey.TAG, "Command tag"));
    }

    static CopyInResponse copyInResponse(BodyContext c) {
        int overall = c.r().byte1(FieldKey.COPY_FORMAT, "Overall format", Values::formatText);
        return new CopyInResponse(overall, FrontendBodies.formatCodes(c, "Column format", FieldKey.COLUMN_FORMAT));
    }

    static CopyOutResponse copyOutResponse(BodyContext c) {
        int overall = c.r().byte1(FieldKey.COPY_FORMAT, "Overall format", Values::formatText);
        return new CopyOutResponse(overall, FrontendBodies.formatCodes(c, "Column format", FieldKey.COLUMN_FORMAT));
    }

    static CopyBothResponse copyBothResponse(BodyContext c) {
        int overall = c.r().byte1(FieldKey.COPY_FORMAT, "Overall format", Values::formatText);
        return new CopyBothResponse(overall, FrontendBodies.formatCodes(c, "Column format", FieldKey.COLUMN_FORMAT));
    }

    static ErrorResponse errorResponse(BodyContext c) {
        return new ErrorResponse(noticeFields(c));
    }

    static NoticeResponse noticeResponse(BodyContext c) {
        return new NoticeResponse(noticeFields(c));
    }

    static void writeNoticeFields(ErrorOrNotice e, MessageWriter w) {
        for (NoticeField f : e.fields()) {
            w.byte1(f.code()).cstring(f.value());
        }
        w.byte1(0);
    }

    static FunctionCallResponse functionCallResponse(BodyContext c) {
        return new FunctionCallResponse(Values.read(c, null, "Result", 0, 1));
    }

    static NotificationResponse notificationResponse(BodyContext c) {
        FieldReader r = c.r();
        return new NotificationResponse(r.int32(FieldKey.PID, "Process ID"), r.cstring(FieldKey.CHANNEL, "Channel"),
                r.cstring(FieldKey.PAYLOAD, "Payload"));
    }

    static ParameterDescription parameterDescription(BodyContext c) {
        FieldReader r = c.r();
        int n = FrontendBodies.count(c, "Parameter count");
        List<Integer> oids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            oids.add(r.uint32(FieldKey.PARAM_TYPE, "Parameter " + (i + 1) + " type", FrontendBodies::oidText));
        }
        return new ParameterDescription(oids);
    }

    static void writeParameterDescription(ParameterDescription p, MessageWriter w) {
        w.int16(p.parameterTypes().size());
        for (int oid : p.parameterTypes()) {
            w.int32(oid);
        }
    }

    static ParameterStatus parameterStatus(BodyContext c) {
        FieldReader r = c.r();
        return new ParameterStatus(r.cstring(FieldKey.PARAMETER_NAME, "Name"), r.cstring(FieldKey.PARAMETER_VALUE, "Value"));
    }

    /** The {@code 'R'} family, told apart by the Int32 code after the length. */
    static Message authentication(BodyContext c) {
        FieldReader r = c.r();
        int code = r.int32(FieldKey.AUTH_TYPE, "Authentication code", v -> v + " (" + switch (v) {
            case 0 -> "Ok";
            case 2 -> "KerberosV5";
            case 3 -> "CleartextPassword";
            case 5 -> "MD5Password";
            case 7 -> "GSS";
            case 8 -> "GSSContinue";
            case 9 -> "SSPI";
            case 10 -> "SASL";
            case 11 -> "SASLContinue";
            case 12 -> "SASLFinal";
            default -> "unknown";
        } + ")");
        return switch (code) {
            case 0 -> new AuthenticationOk();
            case 2 -> new AuthenticationKerberosV5();
            case 3 -> new AuthenticationCleartextPassword();
            case 5 -> new AuthenticationMD5Password(r.bytes("Salt", 4, null));
            case 7 -> new AuthenticationGSS();
            case 8 -> new AuthenticationGSSContinue(r.rest("GSSAPI/SSPI data", b -> c.secret(b.hex(), b.length())));
            case 9 -> new AuthenticationSSPI();
            case 10 -> {
                List<String> mechanisms = new ArrayList<>();
                while (!r.endOfList("mechanisms")) {
                    mechanisms.add(r.cstring(FieldKey.SASL_MECHANISM, "Mechanism"));
                }
                yield new AuthenticationSASL(mechanisms);
            }
            case 11 -> new AuthenticationSASLContinue(r.rest("Server-first-message", BackendBodies::asciiQuoted));
            case 12 -> new AuthenticationSASLFinal(r.rest("Server-final-message", BackendBodies::asciiQuoted));
            default -> throw new Truncated("authentication code " + code + " is not one PostgreSQL defines");
        };
    }

    static void writeAuthentication(Authentication a, MessageWriter w) {
        w.int32(a.code());
        switch (a) {
            case AuthenticationMD5Password p -> w.bytes(p.salt());
            case AuthenticationGSSContinue g -> w.bytes(g.data());
            case AuthenticationSASL s -> {
                for (String mech : s.mechanisms()) {
                    w.cstring(mech);
                }
                w.byte1(0);
            }
            case AuthenticationSASLContinue s -> w.bytes(s.data());
            case AuthenticationSASLFinal s -> w.bytes(s.data());
            default -> { }
        }
    }

    private static String asciiQuoted(Bytes b) {
        return FieldReader.quote(PgText.decode(b.toArray(), StandardCharsets.UTF_8));
    }

    static BackendKeyData backendKeyData(BodyContext c) {
        FieldReader r = c.r();
        int pid = r.int32(FieldKey.PID, "Process ID");
        int n = r.remaining();
        Bytes key = r.rest("Secret key", k -> c.secret(k.hex(), k.length()) + " (" + k.length() + " bytes)");
        int version = c.state().protocolVersion();
        if (version == StartupCodes.PROTOCOL_3_0 && n != 4) {
            c.problem("a " + n + "-byte cancel key under protocol 3.0, which has 4-byte keys");
        } else if (n < 4 || n > 256) {
            c.problem("a " + n + "-byte cancel key; protocol 3.2 allows 4 to 256 bytes");
        }
        return new BackendKeyData(pid, key);
    }

    /** CopyData from the server: on a replication connection in COPY BOTH, XLogData or a primary keepalive. */
    static Message copyData(BodyContext c) {
        FieldReader r = c.r();
        ConnectionState s = c.state();
        if (s.replication() && s.copy() == ConnectionState.CopyMode.BOTH && r.remaining() > 0) {
            int kind = r.array()[r.position()] & 0xff;
            if (kind == 'w' && r.remaining() >= 1 + 24) {
                r.beginGroup("XLogData");
                r.byte1("Kind", v -> "'w' XLogData");
                long start = r.int64("WAL start", Values::lsn);
                long end = r.int64("WAL end", Values::lsn);
                long time = r.int64("Server time", Values::pgEpochMicros);
                Bytes data = Values.copyPayload(c);
                r.endGroup(data.length() + " bytes of WAL at " + Values.lsn(start));
                return new XLogData(start, end, time, data);
            }
            if (kind == 'k' && r.remaining() == 1 + 8 + 8 + 1) {
                r.beginGroup("Primary keepalive");
                r.byte1("Kind", v -> "'k' primary keepalive");
                long end = r.int64("WAL end", Values::lsn);
                long time = r.int64("Server time", Values::pgEpochMicros);
                int reply = r.byte1("Reply requested", v -> v == 1 ? "1 (yes)" : v == 0 ? "0 (no)" : v + " (invalid)");
                r.endGroup("WAL end " + Values.lsn(end) + (reply != 0 ? ", reply requested" : ""));
                return new PrimaryKeepalive(end, time, reply != 0);
            }
        }
        return new CopyData(Values.copyPayload(c));
    }

    static DataRow dataRow(BodyContext c) {
        int n = FrontendBodies.count(c, FieldKey.COLUMN_COUNT, "Column count");
        List<RowField> described = c.state().rowDescription();
        if (!described.isEmpty() && described.size() != n) {
            c.problem(n + " columns, but the last RowDescription described " + described.size());
        }
        List<Bytes> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean known = described.size() == n;
            RowField f = known ? described.get(i) : null;
            String name = "Column " + (i + 1) + (f == null ? "" : " " + FieldReader.quote(f.name()));
            columns.add(Values.read(c, FieldKey.COLUMN_VALUE, name, f == null ? 0 : f.typeOid(), known ? c.state().columnFormat(i) : 0));
        }
        return new DataRow(columns);
    }

    static void writeDataRow(DataRow d, MessageWriter w) {
        w.int16(d.columns().size());
        for (Bytes v : d.columns()) {
            w.value(v);
        }
    }

    private static List<NoticeField> noticeFields(BodyContext c) {
        FieldReader r = c.r();
        List<NoticeField> fields = new ArrayList<>();
        while (!r.endOfList("fields")) {
            int code = r.array()[r.position()] & 0xff;
            String fieldName = MessageTypes.noticeFieldName((char) code);
            r.beginGroup(fieldName);
            r.byte1("Field type", v -> MessageTypes.typeChar(v) + " " + fieldName);
            String value = r.cstring(FieldKey.ofNoticeField((char) code), "Value");
            String shown = code == 'C' ? SqlState.describe(value) : value;
            r.endGroup(shown);
            fields.add(new NoticeField((char) code, value));
        }
        return fields;
    }

    static NegotiateProtocolVersion negotiate(BodyContext c) {
        FieldReader r = c.r();
        // The documentation says "newest minor version"; PostgreSQL sends the whole version code
        // (0x00030002 for 3.2), and libpq reads it so. Both readings are shown as a version.
        int minor = r.int32("Newest version", v -> (v > 0xffff ? StartupCodes.versionText(v) : "3." + v) + " (" + v + ")");
        r.keyLast(FieldKey.NEWEST_VERSION, minor > 0xffff ? StartupCodes.versionText(minor) : "3." + minor);
        int n = r.int32("Unrecognized option count");
        if (n < 0) {
            throw new Truncated("unrecognized option count is negative (" + n + ")");
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            options.add(r.cstring(FieldKey.UNRECOGNIZED_OPTION, "Unrecognized option " + (i + 1)));
        }
        return new NegotiateProtocolVersion(minor, options);
    }

    static void writeNegotiate(NegotiateProtocolVersion n, MessageWriter w) {
        w.int32(n.newestMinorVersion()).int32(n.unrecognizedOptions().size());
        for (String o : n.unrecognizedOptions()) {
            w.cstring(o);
        }
    }

    static ReadyForQuery readyForQuery(BodyContext c) {
        int status = c.r().byte1(FieldKey.STATUS, "Transaction status", v -> switch (v) {
            case 'I' -> "'I' idle";
            case 'T' -> "'T' in a transaction block";
            case 'E' -> "'E' in a failed transaction block";
            default -> MessageTypes.typeChar(v) + " (invalid)";
        });
        if (status != 'I' && status != 'T' && status != 'E') {
            c.problem("transaction status " + MessageTypes.typeChar(status) + " is not I, T or E");
        }
        return new ReadyForQuery((char) status);
    }

    static RowDescription rowDescription(BodyContext c) {
        FieldReader r = c.r();
        int n = FrontendBodies.count(c, FieldKey.COLUMN_COUNT, "Field count");
        List<RowField> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.beginGroup("Field " + (i + 1));
            String name = r.cstring(FieldKey.COLUMN_NAME, "Name");
            int table = r.uint32(FieldKey.COLUMN_TABLE_OID, "Table OID", v -> v == 0 ? "0 (not a table column)" : Integer.toUnsignedString(v));
            int attnum = r.int16("Column attribute number");
            int typeOid = r.uint32(FieldKey.COLUMN_TYPE_OID, "Type OID", FrontendBodies::oidText);
            int size = r.int16("Type size", v -> v < 0 ? v + " (variable)" : Integer.toString(v));
            int typmod = r.int32("Type modifier");
            int format = r.int16(FieldKey.COLUMN_FORMAT, "Format", Values::formatText);
            r.endGroup(FieldReader.quote(name) + " " + ValueRenderer.typeName(typeOid));
            fields.add(new RowField(name, table, attnum, typeOid, size, typmod, format));
        }
        return new RowDescription(fields);
    }

    static void writeRowDescription(RowDescription r, MessageWriter w) {
        w.int16(r.fields().size());
        for (RowField f : r.fields()) {
            w.cstring(f.name()).int32(f.tableOid()).int16(f.columnAttribute()).int32(f.typeOid())
                    .int16(f.typeSize()).int32(f.typeModifier()).int16(f.format());
        }
    }
}
