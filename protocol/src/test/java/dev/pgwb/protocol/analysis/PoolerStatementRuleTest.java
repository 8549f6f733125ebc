package dev.pgwb.protocol.analysis;

import static dev.pgwb.protocol.analysis.RealCapture.at;
import static dev.pgwb.protocol.analysis.RealCapture.named;
import static dev.pgwb.protocol.analysis.RealCapture.nth;
import static dev.pgwb.protocol.analysis.RealCapture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.message.Bind;
import dev.pgwb.protocol.message.Close;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import org.junit.jupiter.api.Test;

/**
 * Errors on an application's connection to PgBouncer (transaction pooling, both legs in the capture)
 * explained by the server connection that carried them: the pooler's DISCARD ALL, another
 * application's Parse or Close of the same name, a transaction moved to another server connection.
 */
class PoolerStatementRuleTest {

    private static Conversation serverLeg(RealCapture cap, Diagnosis d) {
        FrameRef f = d.frames().stream().filter(x -> x.role().startsWith("the error on server connection")).findFirst().orElseThrow();
        assertThat(cap.analysis.pooler().isServerLeg(f.connection())).isTrue();
        return cap.conversation(f.connection());
    }

    @Test
    void thePoolersResetQueryDroppedTheStatement() {
        RealCapture cap = RealCapture.of("pgbouncer-discard-all");
        Conversation app = cap.connection(c -> cap.analysis.pooler().isClientLeg(c.connectionId()));
        Diagnosis d = cap.all("26000").stream().filter(x -> x.connection() == app.connectionId()).findFirst().orElseThrow();
        assertThat(d.cause()).isEqualTo("pooler-reset-query");
        Conversation server = serverLeg(cap, d);
        long parse = nth(server, Parse.class, 0).seq();
        long error = server.errorEvents().get(0).seq();
        Request discard = server.requests().stream() // the pooler's DISCARD ALL between the Parse of S_1 and the failed Bind
                .filter(r -> r.message() instanceof Query q && q.sql().equals("DISCARD ALL") && r.seq() > parse && r.seq() < error)
                .reduce((x, y) -> y).orElseThrow();
        assertThat(cap.analysis.pooler().forwardedFrom(server.connectionId(), discard.seq())).as("no application sent it").isEmpty();
        assertThat(named(d)).contains(at(server, discard.seq()), at(app, nth(app, Bind.class, 1).seq()));
        assertThat(d.explanation()).contains("the pooler ran it on its own", "server_reset_query");
    }

    @Test
    void anotherApplicationPreparedTheSameNameOnTheSharedServerConnection() {
        RealCapture cap = RealCapture.of("pgbouncer-duplicate");
        Conversation a = cap.application("A");
        Conversation b = cap.application("B");
        Diagnosis d = cap.one("42P05", b);
        assertThat(d.cause()).isEqualTo("prepared-by-other-client");
        assertThat(named(d)).contains(at(a, nth(a, Parse.class, 0).seq()));
        assertThat(d.explanation()).contains("connection " + a.connectionId());
    }

    @Test
    void anotherApplicationsCloseNotItsFailedParseEndedTheStatement() {
        RealCapture cap = RealCapture.of("pgbouncer-closed-by-other");
        Conversation a = cap.application("A");
        Conversation b = cap.application("B");
        Diagnosis d = cap.one("26000", a);
        assertThat(d.cause()).isEqualTo("closed-by-other-client");
        Request bClose = b.requests().stream().filter(r -> r.message() instanceof Close c && c.name().equals("S_1")).findFirst()
                .orElseThrow();
        assertThat(named(d)).contains(at(b, bClose.seq()));
        assertThat(d.explanation()).doesNotContain("failed (#").contains("Close");
        // on the server connection itself, the same error is explained by the Close, not by the failed Parse before it
        Conversation server = serverLeg(cap, d);
        Diagnosis there = cap.one("26000", server);
        assertThat(there.cause()).isEqualTo("closed-by-close");
        long serverClose = there.frames().stream().filter(f -> f.role().startsWith("Close of S_1")).findFirst().orElseThrow().seq();
        // the server connection's frame numbers are written as that connection's, for the reader and the window's links
        assertThat(d.explanation()).contains("Close at #" + serverClose + " on connection " + server.connectionId());
        // and the server connection's own diagnosis says which application got the error (PoolerNote)
        assertThat(named(there)).contains(at(a, d.seq()));
        assertThat(there.explanation()).contains("passed the error on to application connection " + a.connectionId());
    }

    @Test
    void theBindRanOnAnotherServerConnectionThanItsParse() {
        RealCapture cap = RealCapture.of("pgbouncer-other-server");
        Conversation a = cap.application("A");
        Diagnosis d = cap.one("26000", a);
        assertThat(d.cause()).isEqualTo("pooler-switched-server-connection");
        Conversation failedOn = serverLeg(cap, d);
        FrameRef parse = d.frames().stream().filter(f -> f.role().startsWith("Parse of S_1")).findFirst().orElseThrow();
        assertThat(parse.connection()).isNotEqualTo(failedOn.connectionId());
        assertThat(cap.analysis.pooler().isServerLeg(parse.connection())).isTrue();
        assertThat(cap.analysis.pooler().forwardedFrom(parse.connection(), parse.seq()))
                .hasValueSatisfying(f -> assertThat(f.connection()).isEqualTo(a.connectionId()));
        assertThat(d.explanation()).contains("prepared it there itself", "never existed");
    }
}
