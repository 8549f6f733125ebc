package dev.pgwb.protocol.codec.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever arrives on the wire, rendering returns text and never throws. */
class ValueRendererPropertyTest {

    @Provide
    Arbitrary<Integer> typeOids() {
        Arbitrary<Integer> decoded = Arbitraries.of(16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 28, 30, 114, 650, 700, 701,
                774, 829, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1266, 1700, 2950, 3802, 5069,
                1000, 1001, 1002, 1005, 1007, 1009, 1016, 1021, 1022, 1041, 1115, 1182, 1185, 1187, 1231, 2951, 3807, 651);
        return Arbitraries.oneOf(decoded, Arbitraries.integers());
    }

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll("typeOids") int oid, @ForAll @Size(max = 64) byte[] bytes) {
        String shown = ValueRenderer.render(oid, 1, bytes, 0, bytes.length, StandardCharsets.UTF_8);
        assertThat(shown).isNotNull().doesNotContain("could not decode");
    }

    /** Valid headers with random bodies reach deeper into the array and numeric decoders than pure noise does. */
    @Property(tries = 2000)
    void plausibleArrayHeadersNeverThrow(@ForAll("typeOids") int oid, @ForAll @Size(max = 48) byte[] tail) {
        int element = BuiltinTypes.elementOf(oid);
        byte[] b = new byte[20 + tail.length];
        b[3] = 1; // one dimension
        b[8] = (byte) (element >>> 24);
        b[9] = (byte) (element >>> 16);
        b[10] = (byte) (element >>> 8);
        b[11] = (byte) element;
        b[15] = (byte) (tail.length % 5); // length
        b[19] = 1; // lower bound
        System.arraycopy(tail, 0, b, 20, tail.length);
        assertThat(ValueRenderer.render(oid, 1, b, 0, b.length, StandardCharsets.UTF_8)).isNotNull().doesNotContain("could not decode");
    }
}
