package dev.pgwb.protocol.codec.value;

import java.nio.charset.Charset;

/**
 * array_send: int32 ndim, int32 flags (1 = has NULLs), element type OID, then per dimension
 * int32 length and int32 lower bound, then every element in row-major order as int32 length
 * (-1 for NULL) and that element's own binary form. Printed like array_out.
 */
final class ArrayValue {
    private ArrayValue() {
    }

    private static final int MAXDIM = 6;

    /** A decoder for one built-in array type; the element decoder is looked up now, not per value. */
    static BinaryDecoder of(int elementOid, BinaryDecoder element) {
        return (b, off, len, cs) -> format(read(elementOid, element, b, off, len, cs), ',');
    }

    /** int2vector and oidvector travel as one-dimensional, zero-based arrays and print space-separated. */
    static BinaryDecoder vectorOf(int elementOid, BinaryDecoder element) {
        return (b, off, len, cs) -> {
            Decoded a = read(elementOid, element, b, off, len, cs);
            if (a.dims.length > 1 || (a.dims.length == 1 && a.lowerBounds[0] != 0)) {
                throw new NotValid("a vector has one dimension starting at 0");
            }
            for (String e : a.elements) {
                if (e == null) {
                    throw new NotValid("a vector has no NULLs");
                }
            }
            return String.join(" ", a.elements);
        };
    }

    private record Decoded(int[] dims, int[] lowerBounds, String[] elements) {
    }

    /** The checks array_recv makes, in its order, so what we reject the server would have rejected. */
    private static Decoded read(int elementOid, BinaryDecoder element, byte[] b, int off, int len, Charset cs)
            throws NotValid {
        BinaryCursor in = new BinaryCursor(b, off, len);
        int ndim = in.i32();
        if (ndim < 0 || ndim > MAXDIM) {
            throw new NotValid(ndim + " dimensions");
        }
        int flags = in.i32();
        if (flags != 0 && flags != 1) {
            throw new NotValid("flags " + flags);
        }
        int sentElement = in.i32();
        if (sentElement != elementOid) {
            throw new NotValid("element type " + Integer.toUnsignedString(sentElement) + " ("
                    + ValueRenderer.typeName(sentElement) + ") instead of " + elementOid + " ("
                    + ValueRenderer.typeName(elementOid) + ")");
        }
        int[] dims = new int[ndim];
        int[] lowerBounds = new int[ndim];
        long count = ndim == 0 ? 0 : 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = in.i32();
            lowerBounds[i] = in.i32();
            if (dims[i] < 0) {
                throw new NotValid("dimension " + (i + 1) + " has length " + dims[i]);
            }
            if ((long) lowerBounds[i] + dims[i] > Integer.MAX_VALUE) { // ArrayCheckBounds' overflow test
                throw new NotValid("dimension " + (i + 1) + " ends past the largest subscript");
            }
            count *= dims[i];
            // each element takes at least its 4-byte length: more than the bytes can hold is a lie
            if (count > in.remaining() / 4) {
                throw new NotValid(count + " elements cannot fit in " + in.remaining() + " bytes");
            }
        }
        if (count == 0) {
            in.expectEnd();
            return new Decoded(new int[0], new int[0], new String[0]);
        }
        String[] elements = new String[(int) count];
        for (int i = 0; i < elements.length; i++) {
            int n = in.i32();
            if (n == -1) {
                continue;
            }
            if (n < -1 || n > in.remaining()) {
                throw new NotValid("element " + (i + 1) + " has length " + n + " with " + in.remaining() + " bytes left");
            }
            int at = in.skip(n);
            try {
                elements[i] = element.decode(b, at, n, cs);
            } catch (NotValid e) {
                throw new NotValid("element " + (i + 1) + " is not a valid " + ValueRenderer.typeName(elementOid)
                        + ": " + e.reason());
            }
        }
        in.expectEnd();
        return new Decoded(dims, lowerBounds, elements);
    }

    /** array_out: {@code [lb:ub]=} prefixes only when some lower bound is not 1, then nested braces. */
    private static String format(Decoded a, char delimiter) {
        if (a.elements.length == 0) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(a.elements.length * 4 + 8);
        boolean needDims = false;
        for (int lb : a.lowerBounds) {
            needDims |= lb != 1;
        }
        if (needDims) {
            for (int i = 0; i < a.dims.length; i++) {
                sb.append('[').append(a.lowerBounds[i]).append(':').append(a.lowerBounds[i] + a.dims[i] - 1).append(']');
            }
            sb.append('=');
        }
        int[] next = {0};
        nest(sb, a, 0, next, delimiter);
        return sb.toString();
    }

    private static void nest(StringBuilder sb, Decoded a, int dim, int[] next, char delimiter) {
        sb.append('{');
        for (int i = 0; i < a.dims[dim]; i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            if (dim + 1 < a.dims.length) {
                nest(sb, a, dim + 1, next, delimiter);
            } else {
                appendElement(sb, a.elements[next[0]++], delimiter);
            }
        }
        sb.append('}');
    }

    /**
     * NULL is bare; an element is quoted when it is empty, spells NULL in any case, or holds a
     * quote, backslash, brace, the delimiter or whitespace, with quote and backslash escaped.
     */
    static void appendElement(StringBuilder sb, String v, char delimiter) {
        if (v == null) {
            sb.append("NULL");
            return;
        }
        boolean quote = v.isEmpty() || v.equalsIgnoreCase("NULL");
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == '"' || c == '\\' || c == '{' || c == '}' || c == delimiter
                    || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
        }
        if (!quote) {
            sb.append(v);
            return;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
