package dev.pgwb.app.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.codec.MessageType;
import dev.pgwb.protocol.codec.MessageTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The type column's colours come from each type's family in the registry of message types. */
class MessageFamilyTest {

    @Test
    void everyMessageTypeIsColouredByItsFamily() {
        Map<MessageFamily, List<String>> groups = new TreeMap<>();
        for (MessageType t : MessageTypes.standard().all()) {
            assertThat(MessageFamily.of(t.name())).isEqualTo(MessageFamily.of(t.family()));
            groups.computeIfAbsent(MessageFamily.of(t.name()), k -> new ArrayList<>()).add(t.name());
        }
        assertThat(groups.get(MessageFamily.SIMPLE_QUERY)).containsExactlyInAnyOrder("Query", "EmptyQueryResponse");
        assertThat(groups.get(MessageFamily.EXTENDED_QUERY)).containsExactlyInAnyOrder("Parse", "Bind", "Describe", "Execute", "Close",
                "Sync", "Flush", "ParseComplete", "BindComplete", "CloseComplete", "NoData", "ParameterDescription", "PortalSuspended");
        assertThat(groups.get(MessageFamily.RESULTS)).containsExactlyInAnyOrder("RowDescription", "DataRow", "CommandComplete",
                "ReadyForQuery", "FunctionCallResponse");
        assertThat(groups.get(MessageFamily.COPY)).containsExactlyInAnyOrder("CopyInResponse", "CopyOutResponse", "CopyBothResponse",
                "CopyData", "CopyDone", "CopyFail", "XLogData", "PrimaryKeepalive", "StandbyStatusUpdate", "HotStandbyFeedback");
        assertThat(groups.get(MessageFamily.ERROR_NOTICE)).containsExactlyInAnyOrder("ErrorResponse", "NoticeResponse");
        assertThat(groups.get(MessageFamily.ASYNC)).containsExactlyInAnyOrder("NotificationResponse", "FunctionCall");
        assertThat(groups.get(MessageFamily.OTHER)).containsExactlyInAnyOrder("Unknown", "Malformed", "Encrypted");
        assertThat(groups.get(MessageFamily.STARTUP_AUTH)).contains("StartupMessage", "AuthenticationSASL", "PasswordMessage",
                "SSLResponse", "BackendKeyData", "ParameterStatus", "Terminate").hasSize(24);
    }

    @Test
    void namesOfFramesThatAreNoMessageAreOther() {
        assertThat(MessageFamily.of("TLS record")).isEqualTo(MessageFamily.OTHER);
        assertThat(MessageFamily.of("Raw bytes")).isEqualTo(MessageFamily.OTHER);
        assertThat(MessageFamily.of("Authentication")).as("a truncated 'R'").isEqualTo(MessageFamily.STARTUP_AUTH);
    }
}
