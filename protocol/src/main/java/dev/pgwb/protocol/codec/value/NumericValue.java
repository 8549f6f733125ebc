package dev.pgwb.protocol.codec.value;

import java.nio.charset.Charset;

/**
 * numeric_send: int16 ndigits, int16 weight (of the first digit, in powers of 10000), uint16 sign,
 * uint16 dscale, then ndigits base-10000 digits. Printed like get_str_from_var: the integer part
 * without leading zeros, then exactly dscale fraction digits (digits beyond dscale are dropped,
 * as numeric_recv truncates them).
 */
final class NumericValue {
    private NumericValue() {
    }

    private static final int POS = 0x0000;
    private static final int NEG = 0x4000;
    private static final int NAN = 0xC000;
    private static final int PINF = 0xD000;
    private static final int NINF = 0xF000;
    private static final int DSCALE_MASK = 0x3FFF;

    static String decode(byte[] b, int off, int len, Charset cs) throws NotValid {
        BinaryCursor in = new BinaryCursor(b, off, len);
        int ndigits = in.u16();
        int weight = in.i16();
        int sign = in.u16();
        int dscale = in.u16();
        if (sign != POS && sign != NEG && sign != NAN && sign != PINF && sign != NINF) {
            throw new NotValid(String.format("sign 0x%04x", sign));
        }
        if ((dscale & DSCALE_MASK) != dscale) {
            throw new NotValid("dscale " + dscale);
        }
        if (in.remaining() != 2 * ndigits) {
            throw new NotValid(ndigits + " digits declared, " + in.remaining() + " bytes follow");
        }
        int[] digits = new int[ndigits];
        for (int i = 0; i < ndigits; i++) {
            digits[i] = in.i16();
            if (digits[i] < 0 || digits[i] >= 10000) {
                throw new NotValid("digit " + digits[i]);
            }
        }
        switch (sign) {
            case NAN:
                return "NaN";
            case PINF:
                return "Infinity";
            case NINF:
                return "-Infinity";
            default:
                break;
        }
        StringBuilder sb = new StringBuilder();
        int d;
        if (weight < 0) {
            d = weight + 1;
            sb.append('0');
        } else {
            for (d = 0; d <= weight; d++) {
                String group = Integer.toString(d < ndigits ? digits[d] : 0);
                if (d > 0) {
                    sb.append("0000", group.length(), 4);
                }
                sb.append(group);
            }
        }
        if (dscale > 0) {
            sb.append('.');
            int fractionStart = sb.length();
            for (int i = 0; i < dscale; d++, i += 4) {
                String group = Integer.toString(d >= 0 && d < ndigits ? digits[d] : 0);
                sb.append("0000", group.length(), 4).append(group);
            }
            sb.setLength(fractionStart + dscale);
        }
        // make_result drops leading zero digits a sender may have put in: no "00005"
        int leadingZeros = 0;
        while (leadingZeros + 1 < sb.length() && sb.charAt(leadingZeros) == '0' && sb.charAt(leadingZeros + 1) != '.') {
            leadingZeros++;
        }
        sb.delete(0, leadingZeros);
        // numeric_recv keeps only the shown digits and make_result turns a zero positive: no "-0.00"
        if (sign == NEG && !allZero(sb)) {
            sb.insert(0, '-');
        }
        return sb.toString();
    }

    private static boolean allZero(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
