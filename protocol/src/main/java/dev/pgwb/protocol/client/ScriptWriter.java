package dev.pgwb.protocol.client;

import dev.pgwb.protocol.client.ScriptVerbs.Written;
import dev.pgwb.protocol.codec.value.TypeOids;
import dev.pgwb.protocol.message.AuthenticationResponse;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.FunctionCall;
import dev.pgwb.protocol.message.GSSENCRequest;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.SSLRequest;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Writes messages as lines of the composer's script language ({@code docs/script.md}): the one
 * place that turns a recorded message back into something to edit and send again (copy as script
 * line, "send to composer", export as {@code .pgws}).
 *
 * <p>A line sends exactly the bytes of the message it came from: where the language's shorthand
 * would send something else (a Bind whose format codes are not the shortest form, a FunctionCall
 * with unusual codes, a message the language has no verb for), the line is {@code raw} bytes.
 * Authentication answers (passwords, SASL) are never copied: their line is a comment, since a
 * script's connection logs in by itself.
 */
public final class ScriptWriter {

    private static final HexFormat HEX = HexFormat.of();

    private ScriptWriter() {
    }

    /**
     * The script line that sends this message again.
     *
     * @param frameBytes the whole frame as recorded (type, length, body), used for {@code raw}
     *                   lines; may be null when the message is known to have a verb
     */
    public static String line(Message m, byte[] frameBytes) {
        if (m instanceof AuthenticationResponse a) {
            return "# " + a.getClass().getSimpleName()
                    + " not copied: the script's connection logs in by itself (use login/auth to answer by hand)";
        }
        String line = ScriptVerbs.write(m); // each verb says how its message is written back
        return line != null ? line : raw(frameBytes);
    }

    /**
     * Whether a message belongs to the login a script's connection does by itself (startup,
     * TLS/GSS requests, authentication answers): left out by {@link #script}.
     */
    public static boolean isLogin(Message m) {
        return m instanceof StartupMessage || m instanceof SSLRequest || m instanceof GSSENCRequest
                || m instanceof AuthenticationResponse;
    }

    /**
     * A whole script from a connection's frontend messages: a header of {@code #} comments, then
     * one line per message after the login (which the script's connection does by itself).
     *
     * @param header lines for the comment header (connection, source file...), without {@code #}
     */
    public static String script(List<String> header, List<Message> messages, List<byte[]> frameBytes) {
        Objects.requireNonNull(messages, "messages");
        StringBuilder out = new StringBuilder();
        for (String h : header) {
            out.append("# ").append(h.replace("\n", " ")).append('\n');
        }
        int login = 0;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (isLogin(m)) {
                login++;
                continue;
            }
            lines.add(line(m, frameBytes == null ? null : frameBytes.get(i)));
        }
        if (login > 0) {
            out.append("# ").append(login).append(login == 1 ? " login message" : " login messages")
                    .append(" left out: the script's connection logs in by itself\n");
        }
        for (String l : lines) {
            out.append(l).append('\n');
        }
        return out.toString();
    }

    static Written bind(Bind b) {
        Written w = Written.of("portal", name(b.portal()), "stmt", name(b.statement()));
        if (!b.parameters().isEmpty()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < b.parameters().size(); i++) {
                Bytes p = b.parameters().get(i);
                items.add(p == null ? "null" : formatOf(b.parameterFormats(), i) == 0 ? textOrBytes(p) : hex(p));
            }
            w = w.and("params", "(" + String.join(", ", items) + ")");
        }
        if (!b.parameterFormats().isEmpty()) {
            w = w.and("formats", "(" + formats(b.parameterFormats()) + ")");
        }
        if (!b.resultFormats().isEmpty()) {
            w = w.and("results", "(" + formats(b.resultFormats()) + ")");
        }
        return w;
    }

    /** The format code of parameter i: none means text, one applies to all, else one each. */
    private static int formatOf(List<Integer> codes, int i) {
        return codes.isEmpty() ? 0 : codes.size() == 1 ? codes.get(0) : i < codes.size() ? codes.get(i) : 0;
    }

    /**
     * A FunctionCall line; the language always sends the shortest format codes for the arguments
     * as written (a null counts as text), so any other codes are sent as raw bytes (null here).
     */
    static Written functionCall(FunctionCall f) {
        boolean binary = f.argumentFormats().equals(List.of(1));
        boolean anyNull = f.arguments().stream().anyMatch(Objects::isNull);
        boolean shortest = f.argumentFormats().isEmpty() || binary && !f.arguments().isEmpty() && !anyNull;
        if (!shortest || f.resultFormat() != 0 && f.resultFormat() != 1) {
            return null;
        }
        Written w = Written.of("oid", Integer.toUnsignedString(f.functionOid()));
        if (!f.arguments().isEmpty()) {
            List<String> items = new ArrayList<>();
            for (Bytes a : f.arguments()) {
                items.add(a == null ? "null" : binary ? "bytea:binary " + hex(a) : textOrBytes(a));
            }
            w = w.and("args", "(" + String.join(", ", items) + ")");
        }
        return f.resultFormat() == 1 ? w.and("result", "binary") : w;
    }

    /** A StartupMessage whose parameter names the language can write as {@code name=value}; else null (raw bytes). */
    static Written startup(StartupMessage s) {
        Written w = Written.of("version", (s.protocolVersion() >>> 16) + "." + (s.protocolVersion() & 0xffff));
        for (StartupParameter p : s.parameters()) {
            if (!p.name().matches("[A-Za-z_][A-Za-z0-9_.]*") || p.name().equals("version")) {
                return null;
            }
            w = w.and(p.name(), quote(p.value()));
        }
        return w;
    }

    /** A statement or portal name: a bare word when it reads as one, else a string ({@code ""} is the unnamed one). */
    static String name(String n) {
        return n.matches("[A-Za-z_][A-Za-z0-9_]*") && !RESERVED.contains(n.toLowerCase(java.util.Locale.ROOT)) ? n : quote(n);
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of("null", "statement", "portal", "stmt", "s", "p",
            "text", "binary", "t", "b");

    /** A Describe's or Close's target and name; null (raw bytes) for a target byte other than S and P. */
    static Written target(char t, String name) {
        return t == 'S' || t == 'P' ? Written.of("kind", t == 'S' ? "statement" : "portal", "name", name(name)) : null;
    }

    private static String formats(List<Integer> codes) {
        return String.join(", ", codes.stream().map(c -> switch (c) {
            case 0 -> "text";
            case 1 -> "binary";
            default -> String.valueOf(c);
        }).toList());
    }

    static String typeName(int oid) {
        String name = TypeOids.name(oid);
        return name != null && TypeOids.byName(name) == oid ? name : Integer.toUnsignedString(oid);
    }

    /** Text the language can write as a string when the bytes are UTF-8, otherwise {@code 0x...} bytes as they are. */
    private static String textOrBytes(Bytes b) {
        String s = utf8(b.toArray());
        return s != null ? quote(s) : "0x" + HEX.formatHex(b.toArray());
    }

    /** Bytes as {@code 0x...}; none as {@code ""}, since the language has no empty {@code 0x}. */
    private static String hex(Bytes b) {
        return b.length() == 0 ? "\"\"" : "0x" + HEX.formatHex(b.toArray());
    }

    static String bytes(Bytes b) {
        byte[] v = b == null ? new byte[0] : b.toArray();
        if (v.length == 0) {
            return "\"\"";
        }
        String s = utf8(v);
        return s != null ? quote(s) : "0x" + HEX.formatHex(v);
    }

    private static String utf8(byte[] v) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String raw(byte[] frameBytes) {
        if (frameBytes == null || frameBytes.length == 0) {
            return "# (no bytes to send)";
        }
        StringBuilder s = new StringBuilder("raw");
        for (byte b : frameBytes) {
            s.append(' ').append(HEX.toHexDigits(b));
        }
        return s.toString();
    }

    /**
     * A double-quoted string of the language that reads back as exactly {@code s}: backslash
     * escapes for quotes, backslashes and control characters, and {@code \$} before {@code {} so
     * nothing is taken for a variable.
     */
    public static String quote(String s) {
        return quote(s, false);
    }

    /** {@link #quote}, with {@code everyDollar} writing each {@code $} as {@code \$}. */
    static String quote(String s, boolean everyDollar) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '$' -> out.append(everyDollar || i + 1 < s.length() && s.charAt(i + 1) == '{' ? "\\$" : "$");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\x").append(HEX.toHexDigits((byte) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
