package dev.pgwb.protocol.client;

import dev.pgwb.protocol.codec.value.TypeOids;
import dev.pgwb.protocol.message.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * One Bind (or FunctionCall) parameter as a script writes it: {@code 42} (text), {@code int4 42}
 * (typed, text format), {@code int8:binary 10000} (binary format, encoded as the type's send
 * function would), {@code 0xdeadbeef} (these bytes as they are), or {@code null}.
 *
 * @param bytes  the value's bytes, or null for SQL NULL
 * @param binary whether the format code is 1 (binary)
 */
public record ParameterValue(Bytes bytes, boolean binary) {

    static final ParameterValue NULL = new ParameterValue(null, false);

    /**
     * @param type   the type word ({@code int4}, {@code int8:binary}), or null
     * @param value  the value text, or null for {@code null}
     * @param quoted whether the value was a string (then {@code 0x...} is text, not bytes)
     */
    public static ParameterValue of(String type, String value, boolean quoted) {
        boolean binary = false;
        String t = type;
        if (t != null) {
            int colon = t.indexOf(':');
            if (colon >= 0) {
                String format = t.substring(colon + 1).toLowerCase(Locale.ROOT);
                binary = switch (format) {
                    case "binary", "b", "1" -> true;
                    case "text", "t", "0" -> false;
                    default -> throw new IllegalArgumentException("unknown format \"" + format + "\" in \"" + type + "\": expected text or binary");
                };
                t = t.substring(0, colon);
            }
            if (!t.isEmpty() && !t.matches("\\d+") && TypeOids.byName(t) < 0) {
                throw new IllegalArgumentException("unknown type \"" + t + "\"");
            }
        }
        if (value == null) {
            return new ParameterValue(null, binary);
        }
        if (!quoted) {
            byte[] raw = ScriptParser.hexBytes(value);
            if (value.startsWith("0x") && raw != null) {
                return new ParameterValue(Bytes.of(raw), binary);
            }
        }
        if (!binary) {
            return new ParameterValue(Bytes.of(value.getBytes(StandardCharsets.UTF_8)), false);
        }
        return new ParameterValue(Bytes.of(binary(t == null ? "" : t.toLowerCase(Locale.ROOT), value)), true);
    }

    /**
     * The parameter format codes a script sends for these values: none when all are text, one
     * {@code 1} when all are binary, else one per parameter (the shortest the protocol allows).
     */
    public static java.util.List<Integer> shortestFormats(java.util.List<ParameterValue> params) {
        boolean anyBinary = params.stream().anyMatch(ParameterValue::binary);
        boolean allBinary = !params.isEmpty() && params.stream().allMatch(ParameterValue::binary);
        if (!anyBinary) {
            return java.util.List.of();
        }
        if (allBinary) {
            return java.util.List.of(1);
        }
        return params.stream().map(p -> p.binary() ? 1 : 0).toList();
    }

    private static byte[] binary(String type, String v) {
        try {
            return switch (type) {
                case "int2", "smallint" -> ByteBuffer.allocate(2).putShort(Short.parseShort(v.trim())).array();
                case "int4", "integer", "int", "oid" -> ByteBuffer.allocate(4).putInt((int) Long.parseLong(v.trim())).array();
                case "int8", "bigint" -> ByteBuffer.allocate(8).putLong(Long.parseLong(v.trim())).array();
                case "float4", "real" -> ByteBuffer.allocate(4).putFloat(Float.parseFloat(v.trim())).array();
                case "float8", "double precision" -> ByteBuffer.allocate(8).putDouble(Double.parseDouble(v.trim())).array();
                case "bool", "boolean" -> new byte[] {(byte) (switch (v.trim().toLowerCase(Locale.ROOT)) {
                    case "t", "true", "on", "yes", "1" -> 1;
                    case "f", "false", "off", "no", "0" -> 0;
                    default -> throw new IllegalArgumentException("not a boolean: \"" + v + "\"");
                })};
                case "text", "varchar", "name", "bpchar", "json", "unknown", "bytea" -> v.getBytes(StandardCharsets.UTF_8);
                case "uuid" -> {
                    UUID u = UUID.fromString(v.trim());
                    yield ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
                }
                default -> throw new IllegalArgumentException("pgwb cannot encode " + (type.isEmpty() ? "an untyped value" : type)
                        + " in binary: give the bytes as 0x... (e.g. " + (type.isEmpty() ? "int4" : type) + ":binary 0x0000002a)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not a valid " + type);
        }
    }
}
