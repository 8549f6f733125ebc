package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.filter.Filter;
import dev.pgwb.protocol.filter.FilterParser;
import dev.pgwb.protocol.filter.RowFacts;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Unknown;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import dev.pgwb.protocol.wire.Framer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's promise: a message type added to the registry alone is framed, decoded, encoded,
 * named and filterable, with no other table to edit. The type is Execute, written here as a
 * developer adding it would write its entry in {@link MessageTypes}: a registry without it does
 * none of those things (so nothing else knows Execute), the same registry with this one entry
 * does them all.
 */
class NewMessageTypeTest {

    /** Execute as its one entry: type byte, record, family, how its body is read and written. */
    private static final MessageType EXECUTE = MessageType.typed('E', Execute.class, MessageType.Family.EXTENDED_QUERY,
            c -> new Execute(c.r().cstring(FieldKey.PORTAL, "Portal"), c.r().int32(FieldKey.MAX_ROWS, "Maximum rows")),
            (m, w) -> w.cstring(m.portal()).int32(m.maxRows()));

    private static final MessageTypes WITHOUT = MessageTypes.standard().without(Execute.class);
    private static final MessageTypes WITH = WITHOUT.with(EXECUTE);

    /** Execute "C_1" 100, then a Sync, as a client sends them. */
    private static final byte[] EXECUTE_BYTES = {'E', 0, 0, 0, 12, 'C', '_', '1', 0, 0, 0, 0, 100};
    private static final byte[] SYNC_BYTES = {'S', 0, 0, 0, 4};

    private static Decoded decode(MessageTypes types) {
        return new Decoder(false, types).decode(new Frame(Direction.FRONTEND, 0, 0, 0, FrameKind.TYPED, EXECUTE_BYTES, null),
                new ConnectionState());
    }

    @Test
    void withoutItsEntryNothingKnowsTheType() {
        Decoded d = decode(WITHOUT);
        assertThat(d.message()).isInstanceOf(Unknown.class);
        assertThat(d.problems()).singleElement().asString().contains("is not a frontend message type");
        assertThatThrownBy(() -> WITHOUT.encode(new Execute("C_1", 100), StandardCharsets.UTF_8)).hasMessageContaining("Execute");
        assertThat(WITHOUT.names()).doesNotContain("Execute");
        assertThat(WITHOUT.family("Execute")).isEqualTo(MessageType.Family.OTHER);
        // the framer's and the capture recogniser's view: 'E' now comes from the server only
        assertThat(WITHOUT.fixedLength(Direction.FRONTEND, 'E')).isEqualTo(-1);
        assertThat(WITHOUT.backendOnly('E')).isTrue();
        assertThat(Framer.plausibleStart(WITHOUT, Direction.FRONTEND, cat(EXECUTE_BYTES, SYNC_BYTES), 0, 18, 1, true)).isEqualTo(-1);
        assertThatThrownBy(() -> FilterParser.parse("type:Execute", WITHOUT)).hasMessageContaining("unknown message type 'Execute'");
    }

    @Test
    void itsEntryAloneMakesItFramedDecodedAndEncoded() {
        assertThat(Framer.plausibleStart(WITH, Direction.FRONTEND, cat(EXECUTE_BYTES, SYNC_BYTES), 0, 18, 1, true)).isZero();
        assertThat(WITH.frontendOnly('E') || WITH.backendOnly('E')).as("both sides send 'E' again").isFalse();

        Decoded d = decode(WITH);
        assertThat(d.message()).isEqualTo(new Execute("C_1", 100));
        assertThat(d.problems()).isEmpty();
        FieldCoverage.assertCovers(d);
        assertThat(WITH.encode(new Execute("C_1", 100), StandardCharsets.UTF_8)).isEqualTo(EXECUTE_BYTES);
        assertThat(WITH.encode(new Sync(), StandardCharsets.UTF_8)).as("the rest of the registry as before").isEqualTo(SYNC_BYTES);
    }

    @Test
    void itsEntryAloneNamesItAsTheTimelineShowsIt() {
        Decoded d = decode(WITH);
        assertThat(d.typeName()).isEqualTo("Execute");
        assertThat(d.fields().getFirst().value()).isEqualTo("'E' Execute");
        assertThat(MessageSummary.line(d)).isEqualTo("F  Execute  portal \"C_1\" max 100 rows");
        assertThat(WITH.names()).contains("Execute");
        assertThat(WITH.family(d.typeName())).as("the colour group of the type column").isEqualTo(MessageType.Family.EXTENDED_QUERY);
    }

    @Test
    void itsEntryAloneMakesItFilterable() throws Exception {
        RowFacts row = RowFacts.of(0, 1, decode(WITH));
        assertThat(FilterParser.parse("type:Execute", WITH).test(row)).isTrue();
        assertThat(FilterParser.parse("pg.portal:C_1 & pg.max_rows:100", WITH).test(row)).isTrue();
        assertThat(FilterParser.parse("portal:C_1", WITH).test(row)).isTrue();
        assertThatThrownBy(() -> FilterParser.parse("type:Execut", WITH)).hasMessageContaining("did you mean Execute?");
        Filter other = FilterParser.parse("type:Parse", WITH);
        assertThat(other.test(row)).isFalse();
    }

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
