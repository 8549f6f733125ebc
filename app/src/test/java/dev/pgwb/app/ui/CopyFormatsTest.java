package dev.pgwb.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.Sync;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyFormatsTest {

    @Test
    void hexAndEscapedStringCoverExactlyTheGivenBytes() {
        byte[] q = Encoder.encode(new Query("SELECT '\"x\"'\n"));
        assertThat(CopyFormats.hex(q, 0, 5)).isEqualTo("51 00 00 00 12");
        assertThat(CopyFormats.escaped(q, 0, q.length)).isEqualTo("\"Q\\x00\\x00\\x00\\x12SELECT '\\\"x\\\"'\\n\\x00\"");
        assertThat(CopyFormats.escaped(q, 5, 6)).isEqualTo("\"SELECT\"");
    }

    @Test
    void scriptLinesUseTheComposerVerbsAndRawBytesForTheRest() {
        assertThat(CopyFormats.scriptLine(new Query("select 1"), null)).isEqualTo("query \"select 1\"");
        assertThat(CopyFormats.scriptLine(new Parse("S_1", "select * from job where id = $1", List.of(23)), null))
                .isEqualTo("parse S_1 \"select * from job where id = $1\" types=23");
        assertThat(CopyFormats.scriptLine(new Bind("", "S_1", List.of(), Arrays.asList(Bytes.ofAscii("42"), null), List.of()), null))
                .isEqualTo("bind portal=\"\" stmt=S_1 params=(\"42\" NULL)");
        assertThat(CopyFormats.scriptLine(new Close('S', "S_1"), null)).isEqualTo("close statement S_1");
        assertThat(CopyFormats.scriptLine(new Sync(), null)).isEqualTo("sync");
        byte[] rfq = Encoder.encode(new ReadyForQuery('I'));
        assertThat(CopyFormats.scriptLine(new ReadyForQuery('I'), rfq)).isEqualTo("raw 5a 00 00 00 05 49");
    }
}
