package dev.pgwb.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

class CopyFormatsTest {

    @Test
    void hexAndEscapedStringCoverExactlyTheGivenBytes() {
        byte[] q = Encoder.encode(new Query("SELECT '\"x\"'\n"));
        assertThat(CopyFormats.hex(q, 0, 5)).isEqualTo("51 00 00 00 12");
        assertThat(CopyFormats.escaped(q, 0, q.length)).isEqualTo("\"Q\\x00\\x00\\x00\\x12SELECT '\\\"x\\\"'\\n\\x00\"");
        assertThat(CopyFormats.escaped(q, 5, 6)).isEqualTo("\"SELECT\"");
    }
}
