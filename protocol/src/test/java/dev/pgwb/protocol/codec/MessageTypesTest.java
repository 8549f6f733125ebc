package dev.pgwb.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The registry is the one place that knows message types: every message record is in it, every
 * entry has a vector that decodes and encodes through it, and what it says about type bytes is
 * what the documentation (and the tables it replaced) say.
 */
class MessageTypesTest {

    private static final MessageTypes TYPES = MessageTypes.standard();

    @Test
    void everyMessageRecordIsRegistered() {
        List<Class<?>> records = new ArrayList<>();
        collectRecords(Message.class, records);
        assertThat(records).hasSizeGreaterThan(50);
        for (Class<?> r : records) {
            assertThat(TYPES.of(r.asSubclass(Message.class))).as("%s has an entry in MessageTypes", r.getSimpleName()).isNotNull();
        }
        assertThat(TYPES.all()).extracting(MessageType::record).containsExactlyInAnyOrderElementsOf(
                records.stream().map(c -> c.asSubclass(Message.class)).toList());
    }

    private static void collectRecords(Class<?> c, List<Class<?>> out) {
        if (c.isRecord() && !out.contains(c)) {
            out.add(c);
        }
        Class<?>[] subs = c.getPermittedSubclasses();
        if (subs != null) {
            for (Class<?> s : subs) {
                collectRecords(s, out);
            }
        }
    }

    /** MessageVectorsTest holds the documented bytes of each type: every entry needs one, and round-trips through it. */
    @Test
    void everyEntryRoundTripsThroughItsVector() {
        Map<Class<?>, Integer> vectors = new LinkedHashMap<>();
        for (Arguments a : MessageVectorsTest.vectors().toList()) {
            Object[] v = a.get();
            Direction dir = (Direction) v[1];
            byte[] bytes = (byte[]) v[2];
            Message expected = (Message) v[3];
            @SuppressWarnings("unchecked")
            ConnectionState state = ((Supplier<ConnectionState>) v[4]).get();
            MessageType type = TYPES.of(expected.getClass());
            assertThat(type).as("%s is registered", expected.typeName()).isNotNull();
            FrameKind kind = switch (type.framing()) {
                case TYPED -> FrameKind.TYPED;
                case STARTUP -> FrameKind.UNTYPED;
                case ANSWER -> FrameKind.SINGLE_BYTE;
                case NONE -> throw new AssertionError("a vector of a stand-in: " + expected);
            };
            Decoded d = new Decoder(false, TYPES).decode(new Frame(dir, 0, 0, 0, kind, bytes, null), state);
            assertThat(d.message()).as("decoded %s", type).isEqualTo(expected);
            assertThat(d.typeName()).isEqualTo(type.name());
            assertThat(TYPES.encode(expected, java.nio.charset.StandardCharsets.UTF_8)).as("encoded %s", type).isEqualTo(bytes);
            vectors.merge(expected.getClass(), 1, Integer::sum);
        }
        for (MessageType t : TYPES.all()) {
            if (t.framing() != MessageType.Framing.NONE) {
                assertThat(vectors).as("MessageVectorsTest has a vector of %s", t.name()).containsKey(t.record());
            }
        }
    }

    @Test
    void typeBytesNameWhatTheDocumentationSays() {
        assertThat(names(Direction.FRONTEND)).isEqualTo("B=Bind C=Close D=Describe E=Execute F=FunctionCall H=Flush P=Parse Q=Query"
                + " S=Sync X=Terminate c=CopyDone d=CopyData f=CopyFail p=PasswordMessage/SASL/GSS response");
        assertThat(names(Direction.BACKEND)).isEqualTo("1=ParseComplete 2=BindComplete 3=CloseComplete A=NotificationResponse"
                + " C=CommandComplete D=DataRow E=ErrorResponse G=CopyInResponse H=CopyOutResponse I=EmptyQueryResponse"
                + " K=BackendKeyData N=NoticeResponse R=Authentication S=ParameterStatus T=RowDescription V=FunctionCallResponse"
                + " W=CopyBothResponse Z=ReadyForQuery c=CopyDone d=CopyData n=NoData s=PortalSuspended t=ParameterDescription"
                + " v=NegotiateProtocolVersion");
    }

    private static String names(Direction d) {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            String n = MessageTypes.name(d, b);
            if (n != null) {
                out.add((char) b + "=" + n);
            }
        }
        return String.join(" ", out);
    }

    @Test
    void namesAreTheRecordsAndFamiliesCoverTruncatedOnes() {
        assertThat(TYPES.names()).contains("Parse", "AuthenticationSASL", "XLogData", "Unknown", "Malformed", "Encrypted");
        assertThat(TYPES.names().contains("parse")).as("names ignore case").isTrue();
        assertThat(TYPES.named("readyforquery").record()).isEqualTo(dev.pgwb.protocol.message.ReadyForQuery.class);
        assertThat(new TreeSet<>(TYPES.names())).hasSize(TYPES.all().size());
        assertThat(TYPES.family("ErrorResponse")).isEqualTo(MessageType.Family.ERROR_NOTICE);
        assertThat(TYPES.family("XLogData")).isEqualTo(MessageType.Family.REPLICATION);
        // a truncated 'R' or 'p' is named after what its type byte announces
        assertThat(TYPES.family("Authentication")).isEqualTo(MessageType.Family.STARTUP_AUTH);
        assertThat(TYPES.family("PasswordMessage/SASL/GSS response")).isEqualTo(MessageType.Family.STARTUP_AUTH);
        assertThat(TYPES.family("TLS record")).isEqualTo(MessageType.Family.OTHER);
    }

    @Test
    void aRegistryRefusesTwoReadersOfOneTypeByteOrOneRecordTwice() {
        MessageType otherQ = MessageType.empty('Q', Sync::new, MessageType.Family.OTHER);
        assertThatThrownBy(() -> TYPES.without(Sync.class).with(otherQ)).hasMessageContaining("type byte 'Q' from the FRONTEND");
        assertThatThrownBy(() -> TYPES.with(MessageType.typed('y', Query.class, MessageType.Family.SIMPLE_QUERY,
                FrontendBodies::query, (m, w) -> w.cstring(m.sql())))).hasMessageContaining("Query is registered twice");
    }
}
