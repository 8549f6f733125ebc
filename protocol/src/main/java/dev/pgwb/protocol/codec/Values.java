package dev.pgwb.protocol.codec;

import dev.pgwb.protocol.codec.FieldReader.Truncated;
import dev.pgwb.protocol.codec.value.ValueRenderer;
import dev.pgwb.protocol.message.Bytes;
import java.time.Instant;
import java.util.List;

/** Field helpers shared by the body decoders: length-prefixed values, format codes, LSNs, times. */
final class Values {
    /** Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01 00:00:00 UTC. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private Values() {
    }

    /** Bind's rule: no codes means all text, one code applies to all, otherwise one code each. */
    static int formatFor(List<Integer> codes, int index) {
        if (codes.isEmpty()) {
            return 0;
        }
        if (codes.size() == 1) {
            return codes.get(0);
        }
        return index < codes.size() ? codes.get(index) : 0;
    }

    static String formatText(int code) {
        return switch (code) {
            case 0 -> "0 (text)";
            case 1 -> "1 (binary)";
            default -> code + " (invalid)";
        };
    }

    /**
     * An Int32 length (-1 = NULL) then that many bytes, as one group node whose value is rendered by
     * type when the type is known, with the stable {@code key} (none when null) whose plain value is
     * the rendered value. Returns null for SQL NULL.
     */
    static Bytes read(BodyContext c, FieldKey key, String name, int typeOid, int format) {
        FieldReader r = c.r();
        r.beginGroup(name);
        int len = r.int32("Length", v -> v == -1 ? "-1 (NULL)" : Integer.toString(v));
        if (len == -1) {
            r.endGroup(key, null, "NULL");
            return null;
        }
        if (len < 0) {
            throw new Truncated(name + " has length " + len + " (only -1 may be negative)");
        }
        int at = r.position();
        Bytes value = r.bytes("Value", len, null);
        String shown = ValueRenderer.render(typeOid, format, r.array(), at, len, r.charset());
        r.relabelLast(shown);
        String typeText = typeOid == 0 ? "" : " :: " + ValueRenderer.typeName(typeOid);
        r.endGroup(key, shown, shown + typeText + (format == 1 ? " (binary)" : ""));
        return value;
    }

    /** The payload of a CopyData that is not a replication message: shown as text when it reads as text. */
    static Bytes copyPayload(BodyContext c) {
        FieldReader r = c.r();
        int at = r.position();
        int n = r.remaining();
        Bytes data = r.rest("Data", null);
        if (n > 0 && PgText.isValid(r.array(), at, n, r.charset()) && looksTextual(r.array(), at, n)) {
            r.relabelLast(FieldReader.quote(PgText.decode(r.array(), at, n, r.charset())));
        }
        return data;
    }

    private static boolean looksTextual(byte[] b, int off, int n) {
        for (int i = off; i < off + n; i++) {
            int v = b[i] & 0xff;
            if (v < 0x20 && v != '\n' && v != '\r' && v != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A WAL position in PostgreSQL's {@code X/X} notation. */
    static String lsn(long v) {
        return Long.toHexString(v >>> 32).toUpperCase() + "/" + Long.toHexString(v & 0xffffffffL).toUpperCase();
    }

    /** Microseconds since 2000-01-01 UTC, the clock of replication messages. */
    static String pgEpochMicros(long v) {
        try {
            long unixMicros = Math.addExact(v, PG_EPOCH_MICROS);
            return Instant.ofEpochSecond(Math.floorDiv(unixMicros, 1_000_000L), Math.floorMod(unixMicros, 1_000_000L) * 1000L)
                    + " (" + v + ")";
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Long.toString(v);
        }
    }
}
