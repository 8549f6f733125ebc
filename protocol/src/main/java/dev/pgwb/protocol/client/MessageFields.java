package dev.pgwb.protocol.client;

import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.ErrorOrNotice;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A message's fields by the names scripts use in {@code expect} and {@code ${var.field}}: the
 * record's own component names, plus the short names people know (ErrorResponse {@code code},
 * {@code message}; ReadyForQuery {@code status}; BackendKeyData {@code pid}, {@code key},
 * {@code keylength}; NegotiateProtocolVersion {@code version}, {@code options}; DataRow
 * {@code values}...). Values are text; byte strings are hex.
 */
final class MessageFields {
    private MessageFields() {
    }

    /** The field's text, or null when the message has no such field. */
    static String get(Message m, String field) {
        String f = field.toLowerCase(Locale.ROOT);
        String special = switch (m) {
            case ErrorOrNotice e -> switch (f) {
                case "code", "sqlstate" -> e.sqlState();
                case "message" -> e.message();
                case "severity" -> e.severity();
                case "detail" -> e.field('D').orElse("");
                case "hint" -> e.field('H').orElse("");
                default -> f.length() == 1 ? e.fields().stream().filter(x -> Character.toLowerCase(x.code()) == f.charAt(0)
                        && x.code() == field.charAt(0)).map(NoticeField::value).findFirst().orElse("") : null;
            };
            case ReadyForQuery r when f.equals("status") -> String.valueOf(r.transactionStatus());
            case BackendKeyData k -> switch (f) {
                case "pid" -> Integer.toString(k.processId());
                case "key" -> k.secretKey().hex();
                case "keylength" -> Integer.toString(k.secretKey().length());
                default -> null;
            };
            case NegotiateProtocolVersion n -> switch (f) {
                case "version" -> n.newestMinorVersion() > 0xffff ? ConnectionSettings.versionText(n.newestMinorVersion())
                        : "3." + n.newestMinorVersion();
                case "options" -> String.join(",", n.unrecognizedOptions());
                default -> null;
            };
            case DataRow d -> switch (f) {
                case "values" -> d.columns().stream().map(b -> b == null ? "NULL" : new String(b.toArray(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining(","));
                case "count" -> Integer.toString(d.columns().size());
                default -> null;
            };
            case RowDescription r -> switch (f) {
                case "names" -> r.fields().stream().map(RowField::name).collect(Collectors.joining(","));
                case "count" -> Integer.toString(r.fields().size());
                default -> null;
            };
            default -> null;
        };
        if (special != null) {
            return special;
        }
        if (m.getClass().isRecord()) {
            for (RecordComponent c : m.getClass().getRecordComponents()) {
                if (c.getName().equalsIgnoreCase(field)) {
                    try {
                        return text(c.getAccessor().invoke(m));
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** The names a message answers to, for error messages. */
    static List<String> names(Message m) {
        return names(m.getClass());
    }

    /** The names a message type answers to: its short names, then its record's own fields. */
    static List<String> names(Class<?> c) {
        List<String> out = new java.util.ArrayList<>();
        if (ErrorOrNotice.class.isAssignableFrom(c)) {
            out.addAll(List.of("code", "message", "severity", "detail", "hint"));
        } else if (c == ReadyForQuery.class) {
            out.add("status");
        } else if (c == BackendKeyData.class) {
            out.addAll(List.of("pid", "key", "keylength"));
        } else if (c == NegotiateProtocolVersion.class) {
            out.addAll(List.of("version", "options"));
        } else if (c == DataRow.class) {
            out.addAll(List.of("values", "count"));
        } else if (c == RowDescription.class) {
            out.addAll(List.of("names", "count"));
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                out.add(rc.getName());
            }
        }
        return out;
    }

    private static String text(Object o) {
        return switch (o) {
            case null -> "NULL";
            case Bytes b -> b.hex();
            case List<?> l -> l.stream().map(MessageFields::text).collect(Collectors.joining(","));
            default -> o.toString();
        };
    }
}
