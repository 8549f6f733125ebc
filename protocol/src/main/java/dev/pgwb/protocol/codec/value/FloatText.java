package dev.pgwb.protocol.codec.value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * float4out / float8out with the default extra_float_digits = 1: PostgreSQL's Ryu
 * (src/common/f2s.c, d2s.c) prints the shortest decimal lying strictly between the midpoints to
 * the neighbouring floats, the closest one to the value if several, fixed-point when the decimal
 * exponent is in [-4, 6) for float4 or [-4, 15) for float8 and as {@code 1.5e+20} otherwise.
 *
 * <p>Java's Float/Double.toString (JDK 19+) pick almost the same digits, with two differences we
 * correct: Java accepts a decimal exactly on a midpoint when the float is even (PostgreSQL is
 * built without STRICTLY_SHORTEST, so {@code 1e23::float8} prints {@code 9.999999999999999e+22}),
 * and when one digit would do Java may prefer a closer two-digit decimal ({@code 4.9E-324} for
 * {@code 5e-324}).
 */
final class FloatText {
    private FloatText() {
    }

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    static String float8(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        double a = Math.abs(v);
        BigDecimal d = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        boolean even = (Double.doubleToRawLongBits(a) & 1) == 0;
        if (d.precision() == 2 || even) {
            d = strictlyShortest(d, new BigDecimal(a), new BigDecimal(Math.nextDown(a)),
                    a == Double.MAX_VALUE ? null : new BigDecimal(Math.nextUp(a)));
        }
        return (v < 0 ? "-" : "") + layout(d, 15);
    }

    static String float4(float v) {
        if (Float.isNaN(v)) {
            return "NaN";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return (Float.floatToRawIntBits(v) < 0) ? "-0" : "0";
        }
        float a = Math.abs(v);
        BigDecimal d = new BigDecimal(Float.toString(a)).stripTrailingZeros();
        boolean even = (Float.floatToRawIntBits(a) & 1) == 0;
        if (d.precision() == 2 || even) {
            d = strictlyShortest(d, new BigDecimal(a), new BigDecimal(Math.nextDown(a)),
                    a == Float.MAX_VALUE ? null : new BigDecimal(Math.nextUp(a)));
        }
        return (v < 0 ? "-" : "") + layout(d, 6);
    }

    /**
     * Java's answer if it lies strictly inside the rounding interval and has no one-digit
     * alternative there; otherwise the shortest decimal strictly inside, searched from one digit
     * shorter than Java's.
     *
     * @param next the next float up, null at the largest finite one
     */
    private static BigDecimal strictlyShortest(BigDecimal javaDigits, BigDecimal exact, BigDecimal previous, BigDecimal next) {
        BigDecimal lo = exact.add(previous).divide(TWO);
        BigDecimal hi = next != null ? exact.add(next).divide(TWO) : exact.add(exact.subtract(lo));
        boolean javaInside = javaDigits.compareTo(lo) > 0 && javaDigits.compareTo(hi) < 0;
        if (javaInside && javaDigits.precision() != 2) {
            return javaDigits;
        }
        for (int n = Math.max(1, javaDigits.precision() - 1); ; n++) {
            BigDecimal down = exact.round(new MathContext(n, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(n, RoundingMode.UP));
            boolean downInside = down.compareTo(lo) > 0;
            boolean upInside = up.compareTo(hi) < 0;
            if (downInside && upInside) {
                return exact.round(new MathContext(n, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            }
            if (downInside) {
                return down.stripTrailingZeros();
            }
            if (upInside) {
                return up.stripTrailingZeros();
            }
        }
    }

    private static String layout(BigDecimal d, int fixedBelow) {
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
        if (exp >= -4 && exp < fixedBelow) {
            return d.toPlainString();
        }
        StringBuilder sb = new StringBuilder(digits.length() + 6);
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }
}
