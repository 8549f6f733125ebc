package dev.pgwb.bench;

import dev.pgwb.protocol.message.Bytes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Values in PostgreSQL's binary send format, as a server writes them in a format-1 DataRow. */
final class BinaryValues {
    /** Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01 00:00:00 UTC. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final short NUMERIC_NEG = 0x4000;

    private BinaryValues() {
    }

    static Bytes int4(int v) {
        return Bytes.of(ByteBuffer.allocate(4).putInt(v).array());
    }

    static Bytes int8(long v) {
        return Bytes.of(ByteBuffer.allocate(8).putLong(v).array());
    }

    static Bytes float8(double v) {
        return Bytes.of(ByteBuffer.allocate(8).putDouble(v).array());
    }

    static Bytes bool(boolean v) {
        return Bytes.of(new byte[] {(byte) (v ? 1 : 0)});
    }

    static Bytes text(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
    }

    static Bytes timestamptz(Instant t) {
        long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        return int8(micros - PG_EPOCH_MICROS);
    }

    /**
     * numeric_send: ndigits, weight, sign, dscale as int16, then base-10000 digits with the decimal
     * point on a digit boundary; leading and trailing zero digits are left out.
     */
    static Bytes numeric(BigDecimal v) {
        int dscale = Math.max(v.scale(), 0);
        String plain = v.abs().toPlainString();
        int dot = plain.indexOf('.');
        String intPart = (dot < 0 ? plain : plain.substring(0, dot)).replaceFirst("^0+", "");
        String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
        intPart = "0".repeat((4 - intPart.length() % 4) % 4) + intPart;
        fracPart = fracPart + "0".repeat((4 - fracPart.length() % 4) % 4);

        List<Short> digits = new ArrayList<>();
        for (int i = 0; i < intPart.length(); i += 4) {
            digits.add(Short.parseShort(intPart.substring(i, i + 4)));
        }
        int weight = digits.size() - 1;
        for (int i = 0; i < fracPart.length(); i += 4) {
            digits.add(Short.parseShort(fracPart.substring(i, i + 4)));
        }
        while (!digits.isEmpty() && digits.get(0) == 0) {
            digits.remove(0);
            weight--;
        }
        while (!digits.isEmpty() && digits.get(digits.size() - 1) == 0) {
            digits.remove(digits.size() - 1);
        }
        if (digits.isEmpty()) {
            weight = 0;
        }
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * digits.size());
        b.putShort((short) digits.size()).putShort((short) weight)
                .putShort(v.signum() < 0 ? NUMERIC_NEG : 0).putShort((short) dscale);
        digits.forEach(b::putShort);
        return Bytes.of(b.array());
    }
}
