package dev.pgwb.app.ui;

import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyDone;
import dev.pgwb.protocol.message.CopyFail;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Flush;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The three ways to copy a message or field: hex, an escaped string, a composer script line. */
public final class CopyFormats {
    private CopyFormats() {
    }

    /** {@code 51 00 00 00 0d ...}: space-separated lowercase hex, as {@code raw} and {@code pgwb decode} take it. */
    public static String hex(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder(length * 3);
        for (int i = offset; i < offset + length && i < b.length; i++) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(Character.forDigit((b[i] >> 4) & 15, 16)).append(Character.forDigit(b[i] & 15, 16));
        }
        return s.toString();
    }

    /** A C/Java-style string literal: printable ASCII as is, {@code \n \t \\ \"}, everything else {@code \xNN}. */
    public static String escaped(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = offset; i < offset + length && i < b.length; i++) {
            int v = b[i] & 0xff;
            switch (v) {
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                default -> {
                    if (v >= 0x20 && v < 0x7f) {
                        s.append((char) v);
                    } else {
                        s.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    /**
     * One line of the composer's script language (issue 5, {@code docs/script.md}) that sends this
     * message again; messages the language has no verb for become {@code raw} bytes, which it sends as they are.
     */
    public static String scriptLine(Message m, byte[] frameBytes) {
        return switch (m) {
            case Query q -> "query " + quote(q.sql());
            case Parse p -> "parse " + name(p.statement()) + " " + quote(p.query())
                    + (p.parameterTypes().isEmpty() ? "" : " types=" + join(p.parameterTypes().stream().map(String::valueOf).toList()));
            case Bind b -> "bind portal=" + name(b.portal()) + " stmt=" + name(b.statement())
                    + (b.parameters().isEmpty() ? "" : " params=(" + String.join(" ", b.parameters().stream().map(CopyFormats::param).toList()) + ")");
            case Describe d -> "describe " + (d.target() == 'S' ? "statement " : "portal ") + name(d.name());
            case Execute e -> "execute " + name(e.portal()) + " rows=" + e.maxRows();
            case Close c -> "close " + (c.target() == 'S' ? "statement " : "portal ") + name(c.name());
            case Sync s -> "sync";
            case Flush f -> "flush";
            case Terminate t -> "terminate";
            case CopyDone d -> "copydone";
            case CopyFail f -> "copyfail " + quote(f.message());
            case CopyData d -> "copydata " + escaped(bytesOf(d.data()), 0, bytesOf(d.data()).length);
            default -> "raw " + hex(frameBytes, 0, frameBytes.length);
        };
    }

    private static byte[] bytesOf(Bytes b) {
        return b == null ? new byte[0] : b.toArray();
    }

    private static String param(Bytes b) {
        if (b == null) {
            return "NULL";
        }
        byte[] v = b.toArray();
        String s = new String(v, StandardCharsets.UTF_8);
        return Arrays.equals(s.getBytes(StandardCharsets.UTF_8), v) && s.chars().allMatch(c -> c >= 0x20)
                ? quote(s) : "x'" + hex(v, 0, v.length).replace(" ", "") + "'";
    }

    private static String name(String n) {
        return n.isEmpty() || !n.matches("[A-Za-z_][A-Za-z0-9_$]*") ? quote(n) : n;
    }

    private static String join(java.util.List<String> items) {
        return String.join(",", items);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
