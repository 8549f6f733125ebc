package dev.pgwb.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The framer's and the capture recogniser's type bytes come from the registry of message types
 * (through the {@link TypeBytes} service) and are the ones the "Message Formats" page gives.
 */
class TypeBytesTest {

    private static final TypeBytes TYPES = TypeBytes.standard();

    @Test
    void eachSideSendsItsDocumentedTypeBytesWithTheirFixedLengths() {
        assertThat(sent(Direction.FRONTEND)).isEqualTo("B C D E F H=4 P Q S=4 X=4 c=4 d f p");
        assertThat(sent(Direction.BACKEND)).isEqualTo("1=4 2=4 3=4 A C D E G H I=4 K N R S T V W Z=5 c=4 d n=4 s=4 t v");
    }

    @Test
    void typesOnlyOneSideSendsTellTheSidesApart() {
        assertThat(only(true)).isEqualTo("123AGIKNRTVWZnstv");
        assertThat(only(false)).isEqualTo("BFPQXfp");
        assertThat(TYPES.backendOnly(0)).isFalse();
        assertThat(TYPES.frontendOnly(0xff)).isFalse();
    }

    private static String sent(Direction d) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < 256; t++) {
            int fixed = TYPES.fixedLength(d, t);
            if (fixed >= 0) {
                out.add((char) t + (fixed > 0 ? "=" + fixed : ""));
            }
        }
        return String.join(" ", out);
    }

    private static String only(boolean backend) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < 256; t++) {
            if (backend ? TYPES.backendOnly(t) : TYPES.frontendOnly(t)) {
                sb.append((char) t);
            }
        }
        return sb.toString();
    }
}
