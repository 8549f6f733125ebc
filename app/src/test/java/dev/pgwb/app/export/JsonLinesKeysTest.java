package dev.pgwb.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgwb.protocol.codec.ConnectionState;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.codec.Decoder;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Lines name fields by the stable keys the filter language uses (docs/fields.md). */
class JsonLinesKeysTest {

    private static JsonNode json(Direction dir, Message m) {
        Decoded d = new Decoder().decode(new Frame(dir, 0, 0, 0, FrameKind.TYPED, Encoder.encode(m), null), new ConnectionState());
        return JsonLinesMessagePrinter.toJson(d, null);
    }

    @Test
    void eachMessageCarriesItsKeyedFieldsByKey() {
        JsonNode bind = json(Direction.FRONTEND, new Bind("P_1", "S_1", List.of(), Arrays.asList(Bytes.ofAscii("42"), null), List.of()));
        JsonNode keys = bind.get("keys");
        assertThat(keys.get("pg.type").get(0).asText()).isEqualTo("B");
        assertThat(keys.get("pg.statement").get(0).asText()).isEqualTo("S_1");
        assertThat(keys.get("pg.portal").get(0).asText()).isEqualTo("P_1");
        assertThat(keys.get("pg.param.value").get(0).asText()).isEqualTo("42");
        assertThat(keys.get("pg.param.value").get(1).isNull()).as("SQL NULL").isTrue();

        JsonNode error = json(Direction.BACKEND, new ErrorResponse(List.of(new NoticeField('S', "ERROR"), new NoticeField('C', "26000"),
                new NoticeField('M', "prepared statement \"S_1\" does not exist"))));
        assertThat(error.get("keys").get("pg.code").get(0).asText()).isEqualTo("26000");
        assertThat(error.get("keys").get("pg.message").get(0).asText()).isEqualTo("prepared statement \"S_1\" does not exist");
    }
}
