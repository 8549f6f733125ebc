package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.codec.value.ValueRenderer;
import dev.pgwb.protocol.message.AuthenticationGSSContinue;
import dev.pgwb.protocol.message.AuthenticationMD5Password;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.AuthenticationSASLContinue;
import dev.pgwb.protocol.message.AuthenticationSASLFinal;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyBothResponse;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.CopyInResponse;
import dev.pgwb.protocol.message.CopyOutResponse;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Encrypted;
import dev.pgwb.protocol.message.ErrorOrNotice;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.FunctionCallResponse;
import dev.pgwb.protocol.message.GSSENCResponse;
import dev.pgwb.protocol.message.GSSResponse;
import dev.pgwb.protocol.message.HotStandbyFeedback;
import dev.pgwb.protocol.message.Malformed;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NotificationResponse;
import dev.pgwb.protocol.message.ParameterDescription;
import dev.pgwb.protocol.message.ParameterStatus;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.PrimaryKeepalive;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.SASLInitialResponse;
import dev.pgwb.protocol.message.SASLResponse;
import dev.pgwb.protocol.message.SSLResponse;
import dev.pgwb.protocol.message.StandbyStatusUpdate;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.message.XLogData;
import dev.pgwb.protocol.wire.StartupCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One line per message, in the spirit of libpq's PQtrace: direction, message name, key fields.
 *
 * <pre>
 * F  Query  "SELECT 1"
 * B  ErrorResponse  ERROR 26000 prepared statement "S_1" does not exist
 * B  ReadyForQuery  I (idle)
 * </pre>
 *
 * Strings are quoted with C-style escapes so that a summary is always one line. Secrets
 * (passwords, SCRAM proofs, GSS tokens, cancel keys) are left out unless asked for, as the
 * {@link Decoder} does in its field tree.
 */
public final class MessageSummary {

    /** Values (columns, parameters, copy data) longer than this are cut, with their length said. */
    private static final int VALUE_LIMIT = 48;
    /** At most this many columns or parameters are shown. */
    private static final int LIST_LIMIT = 8;

    private MessageSummary() {
    }

    /** {@code F  Query  "SELECT 1"}: direction code, message name, then the key fields when there are any. */
    public static String line(Decoded decoded) {
        String fields = of(decoded);
        return decoded.frame().direction().code() + "  " + decoded.typeName() + (fields.isEmpty() ? "" : "  " + fields);
    }

    /**
     * The key fields of a decoded message, secrets left out. A Bind's parameters are shown as the
     * decoder rendered them with their statement's types ({@link RenderedValues}, the same text as
     * {@code values}): {@code portal "" statement "S_1" (42, 2024-01-01 00:00:00+00, NULL)}.
     */
    public static String of(Decoded decoded) {
        if (decoded.message() instanceof Bind b) {
            List<String> rendered = RenderedValues.of(decoded);
            if (rendered.size() == b.parameters().size()) {
                return bind(b, rendered);
            }
        }
        return of(decoded.message(), false);
    }

    /**
     * The key fields of a message, secrets left out; empty for messages without fields (Sync,
     * ParseComplete...). Without the connection's types a binary Bind parameter shows as hex: use
     * {@link #of(Decoded)} where the decoded message is at hand.
     */
    public static String of(Message message) {
        return of(message, false);
    }

    public static String of(Message message, boolean revealSecrets) {
        return switch (message) {
            case Query q -> quote(q.sql());
            case Parse p -> quote(p.statement()) + " " + quote(p.query())
                    + (p.parameterTypes().isEmpty() ? "" : " " + list(p.parameterTypes(), MessageSummary::typeName));
            case Bind b -> bind(b);
            case Execute e -> "portal " + quote(e.portal()) + (e.maxRows() == 0 ? "" : " max " + e.maxRows() + " rows");
            case Describe d -> target(d.target()) + " " + quote(d.name());
            case Close c -> target(c.target()) + " " + quote(c.name());
            case CopyFail f -> quote(f.message());
            case CopyData d -> bytesPreview(d.data());
            case FunctionCall f -> "function " + Integer.toUnsignedString(f.functionOid()) + ", "
                    + f.arguments().size() + " argument(s)";
            case StartupMessage s -> startup(s);
            case CancelRequest c -> "pid " + c.processId() + " key " + secret(c.secretKey(), revealSecrets);
            case PasswordMessage p -> revealSecrets ? quote(p.password()) : "(password redacted)";
            case SASLInitialResponse s -> s.mechanism() + (s.data() == null ? "" : " " + quote(scram(s.data(), revealSecrets)));
            case SASLResponse s -> quote(scram(s.data(), revealSecrets));
            case GSSResponse g -> secret(g.data(), revealSecrets);
            case StandbyStatusUpdate u -> "written " + lsn(u.written()) + " flushed " + lsn(u.flushed())
                    + " applied " + lsn(u.applied()) + (u.replyRequested() ? " (reply requested)" : "");
            case HotStandbyFeedback h -> "xmin " + Integer.toUnsignedString(h.xmin())
                    + " catalog xmin " + Integer.toUnsignedString(h.catalogXmin());

            case AuthenticationMD5Password m -> "salt " + m.salt().hex();
            case AuthenticationSASL s -> String.join(" ", s.mechanisms());
            case AuthenticationSASLContinue s -> quote(text(s.data()));
            case AuthenticationSASLFinal s -> quote(text(s.data()));
            case AuthenticationGSSContinue g -> secret(g.data(), revealSecrets);
            case BackendKeyData k -> "pid " + k.processId() + " key " + secret(k.secretKey(), revealSecrets);
            case ParameterStatus p -> p.name() + " = " + quote(p.value());
            case ReadyForQuery r -> r.transactionStatus() + switch (r.transactionStatus()) {
                case 'I' -> " (idle)";
                case 'T' -> " (in a transaction)";
                case 'E' -> " (in a failed transaction)";
                default -> " (not a documented status)";
            };
            case CommandComplete c -> quote(c.tag());
            case ErrorOrNotice e -> errorOrNotice(e);
            case RowDescription r -> r.fields().size() + " column(s)" + (r.fields().isEmpty() ? ""
                    : ": " + joinLimited(r.fields(), f -> f.name() + " " + typeName(f.typeOid())));
            case DataRow d -> d.columns().size() + " column(s)" + (d.columns().isEmpty() ? ""
                    : ": " + joinLimited(d.columns(), MessageSummary::value));
            case ParameterDescription p -> list(p.parameterTypes(), MessageSummary::typeName);
            case CopyInResponse c -> copyFormat(c.overallFormat(), c.columnFormats());
            case CopyOutResponse c -> copyFormat(c.overallFormat(), c.columnFormats());
            case CopyBothResponse c -> copyFormat(c.overallFormat(), c.columnFormats());
            case FunctionCallResponse f -> f.result() == null ? "NULL" : value(f.result());
            case NotificationResponse n -> "pid " + n.processId() + " channel " + quote(n.channel())
                    + (n.payload().isEmpty() ? "" : " payload " + quote(n.payload()));
            case NegotiateProtocolVersion n -> "newest minor version " + n.newestMinorVersion()
                    + (n.unrecognizedOptions().isEmpty() ? "" : ", unrecognized " + String.join(" ", n.unrecognizedOptions()));
            case SSLResponse s -> s.answer() + (s.answer() == 'S' ? " (TLS follows)" : s.answer() == 'N' ? " (refused)" : "");
            case GSSENCResponse g -> g.answer() + (g.answer() == 'G' ? " (GSSAPI encryption follows)"
                    : g.answer() == 'N' ? " (refused)" : "");
            case XLogData x -> "WAL " + lsn(x.walStart()) + " end " + lsn(x.walEnd()) + ", " + x.data().length() + " bytes";
            case PrimaryKeepalive k -> "WAL end " + lsn(k.walEnd()) + (k.replyRequested() ? " (reply requested)" : "");

            case Encrypted e -> e.tls() ? tlsRecord(e) : e.bytes().length() + " bytes";
            case Unknown u -> (u.type() < 0 ? "" : "type " + MessageTypes.typeChar(u.type()) + ", ") + u.body().length() + " body bytes";
            case Malformed m -> m.reason();
            default -> "";
        };
    }

    private static String bind(Bind b) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < b.parameters().size() && i < LIST_LIMIT; i++) {
            Bytes v = b.parameters().get(i);
            shown.add(v == null ? "NULL" : format(b.parameterFormats(), i) == 0 ? value(v) : "\\x" + hexLimited(v));
        }
        return bindLine(b, shown);
    }

    /** A decoded Bind: each parameter as rendered by type, on one line, cut as {@link #rendered} cuts. */
    private static String bind(Bind b, List<String> rendered) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < rendered.size() && i < LIST_LIMIT; i++) {
            shown.add(rendered.get(i) == null ? "NULL" : rendered(rendered.get(i), b.parameters().get(i).length()));
        }
        return bindLine(b, shown);
    }

    private static String bindLine(Bind b, List<String> shown) {
        StringBuilder sb = new StringBuilder();
        sb.append("portal ").append(quote(b.portal())).append(" statement ").append(quote(b.statement()));
        if (!b.parameters().isEmpty()) {
            sb.append(" (").append(String.join(", ", shown))
                    .append(b.parameters().size() > LIST_LIMIT ? ", … " + b.parameters().size() + " in all" : "").append(')');
        }
        return sb.toString();
    }

    /**
     * A value as rendered by type, for a one-line summary: on one line, and cut after
     * {@link #VALUE_LIMIT} characters with the value's length in bytes said, as text values are.
     */
    public static String rendered(String text, int byteLength) {
        String one = oneLine(text);
        if (one.length() <= VALUE_LIMIT) {
            return one;
        }
        int cut = Character.isHighSurrogate(one.charAt(VALUE_LIMIT - 1)) ? VALUE_LIMIT - 1 : VALUE_LIMIT;
        return one.substring(0, cut) + "… (" + byteLength + " bytes)";
    }

    /** The format code of parameter {@code i}: none given means text, one applies to all. */
    private static int format(List<Integer> formats, int i) {
        return formats.isEmpty() ? 0 : formats.size() == 1 ? formats.get(0) : i < formats.size() ? formats.get(i) : 0;
    }

    private static String startup(StartupMessage s) {
        StringBuilder sb = new StringBuilder(StartupCodes.versionText(s.protocolVersion()));
        for (StartupParameter p : s.parameters()) {
            sb.append(' ').append(p.name()).append('=').append(quote(p.value()));
        }
        return sb.toString();
    }

    private static String errorOrNotice(ErrorOrNotice e) {
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {e.severity(), e.sqlState(), e.message()}) {
            if (!part.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : " ").append(oneLine(part));
            }
        }
        return sb.toString();
    }

    private static String copyFormat(int overall, List<Integer> columns) {
        return (overall == 0 ? "text" : overall == 1 ? "binary" : "format " + overall) + ", " + columns.size() + " column(s)";
    }

    private static String tlsRecord(Encrypted e) {
        String type = switch (e.tlsContentType()) {
            case 20 -> "ChangeCipherSpec";
            case 21 -> "Alert";
            case 22 -> "Handshake";
            case 23 -> "ApplicationData";
            default -> "content type " + e.tlsContentType();
        };
        return type + ", " + Math.max(0, e.bytes().length() - 5) + " bytes";
    }

    private static String target(char target) {
        return target == 'S' ? "statement" : target == 'P' ? "portal" : "target " + MessageTypes.typeChar(target);
    }

    private static String typeName(int oid) {
        return oid == 0 ? "unspecified" : ValueRenderer.typeName(oid);
    }

    private static <T> String list(List<T> items, Function<T, String> show) {
        return "[" + joinLimited(items, show) + "]";
    }

    private static <T> String joinLimited(List<T> items, Function<T, String> show) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < items.size() && i < LIST_LIMIT; i++) {
            T item = items.get(i);
            shown.add(item == null ? "NULL" : show.apply(item));
        }
        return String.join(", ", shown) + (items.size() > LIST_LIMIT ? ", … " + items.size() + " in all" : "");
    }

    /** A value shown as text (escaped, quoted, cut at {@link #VALUE_LIMIT}). */
    private static String value(Bytes v) {
        if (v.length() <= VALUE_LIMIT) {
            return quote(text(v));
        }
        byte[] head = new byte[VALUE_LIMIT];
        System.arraycopy(v.toArray(), 0, head, 0, VALUE_LIMIT);
        return quote(PgText.decode(head, StandardCharsets.UTF_8)) + "… (" + v.length() + " bytes)";
    }

    private static String bytesPreview(Bytes data) {
        return data.length() + " bytes " + value(data);
    }

    private static String hexLimited(Bytes v) {
        return v.length() <= VALUE_LIMIT / 2 ? v.hex() : v.hex().substring(0, VALUE_LIMIT) + "… (" + v.length() + " bytes)";
    }

    private static String secret(Bytes b, boolean reveal) {
        return reveal ? b.hex() : "(" + b.length() + " bytes, redacted)";
    }

    /** SCRAM messages are ASCII; the client proof ({@code p=}) is a secret. */
    private static String scram(Bytes data, boolean reveal) {
        String text = text(data);
        return reveal ? text : text.replaceAll("(^|,)p=[^,]*", "$1p=(redacted)");
    }

    private static String text(Bytes b) {
        return PgText.decode(b.toArray(), StandardCharsets.UTF_8);
    }

    /** PostgreSQL's LSN notation: {@code 16/B374D848}. */
    private static String lsn(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xffffffffL).toUpperCase();
    }

    /** Double-quoted, with C-style escapes so that the result is one line. */
    public static String quote(String s) {
        return "\"" + oneLine(s).replace("\"", "\\\"") + "\"";
    }

    /**
     * Backslash escapes for line breaks, tabs and other control characters, so that text prints on
     * one line; everything else as is (a backslash too: {@link PgText} already writes {@code \xNN}).
     */
    public static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
