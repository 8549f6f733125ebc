package dev.pgwb.protocol.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.analysis.Diagnosis;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.codec.Encoder;
import dev.pgwb.protocol.message.AuthenticationOk;
import dev.pgwb.protocol.message.AuthenticationSASL;
import dev.pgwb.protocol.message.BackendKeyData;
import dev.pgwb.protocol.message.BackendMessage;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.BindComplete;
import dev.pgwb.protocol.message.Bytes;
import dev.pgwb.protocol.message.CancelRequest;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.CloseComplete;
import dev.pgwb.protocol.message.CommandComplete;
import dev.pgwb.protocol.message.CopyData;
import dev.pgwb.protocol.message.CopyDone;
import dev.pgwb.protocol.message.CopyInResponse;
import dev.pgwb.protocol.message.DataRow;
import dev.pgwb.protocol.message.Describe;
import dev.pgwb.protocol.message.EmptyQueryResponse;
import dev.pgwb.protocol.message.ErrorResponse;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.Flush;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.message.NegotiateProtocolVersion;
import dev.pgwb.protocol.message.NoData;
import dev.pgwb.protocol.message.NoticeField;
import dev.pgwb.protocol.message.NoticeResponse;
import dev.pgwb.protocol.message.ParameterDescription;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.ParseComplete;
import dev.pgwb.protocol.message.PasswordMessage;
import dev.pgwb.protocol.message.PortalSuspended;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.message.ReadyForQuery;
import dev.pgwb.protocol.message.RowDescription;
import dev.pgwb.protocol.message.RowField;
import dev.pgwb.protocol.message.StartupMessage;
import dev.pgwb.protocol.message.StartupParameter;
import dev.pgwb.protocol.message.Sync;
import dev.pgwb.protocol.message.Terminate;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any order of real messages, sensible or not: the conversation never fails and leaves nothing pending. */
class ConversationProperties {

    static ErrorResponse error(String code, String message) {
        return new ErrorResponse(List.of(new NoticeField('S', "ERROR"), new NoticeField('V', "ERROR"), new NoticeField('C', code),
                new NoticeField('M', message)));
    }

    static final List<Message> ALPHABET = List.of(
            new StartupMessage(196608, List.of(new StartupParameter("user", "u"))), new PasswordMessage("pw"),
            new CancelRequest(42, Bytes.ofHex("01020304")), new Query("SELECT 1"), new Query("DISCARD ALL"),
            new Query("DEALLOCATE S_1"), new Query("DEALLOCATE \"S_1\"; PREPARE s_2 AS SELECT 1"), new Query("ALTER TABLE t ADD c int"),
            new Parse("S_1", "SELECT $1", List.of(23)), new Parse("", "SELECT 1", List.of()),
            new Bind("", "S_1", List.of(), List.of(Bytes.ofAscii("1")), List.of(1)), new Bind("P", "", List.of(1, 0), List.of(), List.of()),
            new Describe('S', "S_1"), new Describe('P', ""), new Execute("", 0), new Execute("P", 2), new Close('S', "S_1"),
            new Close('P', "P"), new Sync(), new Flush(), new Terminate(), new CopyData(Bytes.ofAscii("x")), new CopyDone(),
            new AuthenticationSASL(List.of("SCRAM-SHA-256")), new AuthenticationOk(), new BackendKeyData(42, Bytes.ofHex("01020304")),
            new NegotiateProtocolVersion(0x00030002, List.of()), new ParseComplete(), new BindComplete(), new CloseComplete(),
            new NoData(), new ParameterDescription(List.of(23)),
            new RowDescription(List.of(new RowField("n", 0, 0, 23, 4, -1, 0))), new DataRow(List.of(Bytes.ofAscii("1"))),
            new CommandComplete("SELECT 1"), new CommandComplete("DISCARD ALL"), new CommandComplete("DEALLOCATE"),
            new CommandComplete("PREPARE"), new CommandComplete("ALTER TABLE"), new EmptyQueryResponse(), new PortalSuspended(),
            new CopyInResponse(0, List.of()), new NoticeResponse(List.of(new NoticeField('M', "hello"))),
            error("26000", "prepared statement \"S_1\" does not exist"), error("42P05", "prepared statement \"S_1\" already exists"),
            error("34000", "portal \"P\" does not exist"), error("0A000", "cached plan must not change result type"),
            error("25P02", "current transaction is aborted"), error("57014", "canceling statement due to user request"),
            error("08P01", "bind message supplies 1 parameters, but prepared statement \"S_1\" requires 2"),
            error("28P01", "password authentication failed for user \"u\""), error("3D000", "database \"d\" does not exist"),
            error("22012", "division by zero"), new ReadyForQuery('I'), new ReadyForQuery('T'), new ReadyForQuery('E'));

    @Provide
    Arbitrary<List<Message>> conversations() {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(120);
    }

    @Property(tries = 500)
    void anyOrderOfRealMessagesIsReplayedWithoutFailing(@ForAll("conversations") List<Message> messages) {
        for (boolean history : new boolean[] {true, false}) {
            Conversation c = new Conversation(1, history);
            long seq = 0;
            for (Message m : messages) {
                Direction d = m instanceof BackendMessage ? Direction.BACKEND : Direction.FRONTEND;
                if (m instanceof CopyData || m instanceof CopyDone) {
                    d = seq % 2 == 0 ? Direction.FRONTEND : Direction.BACKEND;
                }
                c.accept(new Frame(d, seq, seq * 1000, 0, FrameKind.TYPED, Encoder.encode(m), null), m);
                seq++;
            }
            c.finish();
            assertThat(c.internalErrors()).isEmpty();
            assertThat(c.requests()).extracting(Request::status).doesNotContain(Request.Status.PENDING);
            assertThat(c.phase()).isEqualTo(Phase.TERMINATED);
            SessionAnalysis analysis = SessionAnalysis.of(List.of(c));
            assertThat(analysis.internalErrors()).isEmpty();
            for (Diagnosis x : analysis.diagnoses()) {
                assertThat(x.frames()).isNotEmpty();
                assertThat(x.explanation()).isNotBlank();
            }
        }
    }
}
