package dev.pgwb.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgwb.protocol.capture.CaptureImport;
import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.PortalEntry;
import dev.pgwb.protocol.conversation.Request;
import dev.pgwb.protocol.conversation.StatementEntry;
import dev.pgwb.protocol.message.Execute;
import dev.pgwb.protocol.message.FrontendMessage;
import dev.pgwb.protocol.message.Parse;
import dev.pgwb.protocol.message.Query;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A capture made by real clients ({@code src/test/resources/real}, made by {@code make-real-captures.sh}:
 * psql, psycopg 3, node-postgres, pgJDBC, PgBouncer against PostgreSQL 18.1), imported and analysed
 * once per test run, with finders that name frames by what they are (a Query's SQL, a request type),
 * never by a number that changes when the capture is made again.
 */
final class RealCapture {
    private static final Map<String, RealCapture> CACHE = new ConcurrentHashMap<>();

    final String name;
    final SessionAnalysis analysis;
    private final List<ConnectionInfo> infos;

    private RealCapture(String name, SessionAnalysis analysis, List<ConnectionInfo> infos) {
        this.name = name;
        this.analysis = analysis;
        this.infos = infos;
    }

    static RealCapture of(String name) {
        return CACHE.computeIfAbsent(name, RealCapture::load);
    }

    private static RealCapture load(String name) {
        try (SessionStore store = SessionStore.createTemporary()) {
            Path file = Path.of(RealCapture.class.getResource("/real/" + name + ".pcap").toURI());
            CaptureImport.importInto(file, store, CaptureImport.Options.defaults());
            SessionAnalysis a = SessionAnalysis.of(store);
            assertThat(a.internalErrors()).as(name + ": the analysis itself failed").isEmpty();
            return new RealCapture(name, a, store.connections());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every diagnosis with this code, in session order. */
    List<Diagnosis> all(String code) {
        return analysis.diagnoses().stream().filter(d -> d.code().equals(code)).toList();
    }

    /** The one diagnosis of the session with this code. */
    Diagnosis one(String code) {
        List<Diagnosis> ds = all(code);
        assertThat(ds).as(name + ": diagnoses " + code + " among " + analysis.diagnoses()).hasSize(1);
        return ds.get(0);
    }

    /** The one diagnosis with this code on one connection. */
    Diagnosis one(String code, Conversation on) {
        List<Diagnosis> ds = all(code).stream().filter(d -> d.connection() == on.connectionId()).toList();
        assertThat(ds).as(name + ": diagnoses " + code + " on connection " + on.connectionId() + " among " + analysis.diagnoses())
                .hasSize(1);
        return ds.get(0);
    }

    Conversation conversation(int id) {
        return analysis.conversation(id).orElseThrow();
    }

    /** The connection a diagnosis is about. */
    Conversation of(Diagnosis d) {
        return conversation(d.connection());
    }

    /** The only connection that matches. */
    Conversation connection(Predicate<Conversation> p) {
        List<Conversation> cs = analysis.connectionIds().stream().map(this::conversation).filter(p).toList();
        assertThat(cs).as(name + ": connections matching").hasSize(1);
        return cs.get(0);
    }

    /**
     * The application's connection with this application_name (as the StartupMessage or, for pgJDBC, a
     * later SET gave it); a pooler's server connections, which take each client's name in turn, are not it.
     */
    Conversation application(String applicationName) {
        return connection(c -> !analysis.pooler().isServerLeg(c.connectionId()) && infos.stream()
                .anyMatch(i -> i.id() == c.connectionId() && i.applicationName().equals(applicationName)));
    }

    /** Every connection other than {@code c}. */
    List<Conversation> others(Conversation c) {
        return analysis.connectionIds().stream().filter(i -> i != c.connectionId()).map(this::conversation).toList();
    }

    /** The SQL a request carries or runs (a Query's, a Parse's, the statement of an Execute). */
    static String sql(Conversation c, Request r) {
        return switch (r.message()) {
            case Query q -> q.sql();
            case Parse p -> p.query();
            case Execute e -> c.portalOf(r.seq()).map(PortalEntry::statement).map(StatementEntry::query).orElse("");
            default -> "";
        };
    }

    /** The first request of this type on {@code c} whose SQL contains {@code text}. */
    static Request request(Conversation c, Class<? extends FrontendMessage> type, String text) {
        return c.requests().stream().filter(r -> type.isInstance(r.message()) && sql(c, r).contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " with \"" + text + "\" on connection "
                        + c.connectionId() + ": " + c.requests()));
    }

    /** The n-th (from 0) request of this type on {@code c}. */
    static Request nth(Conversation c, Class<? extends FrontendMessage> type, int n) {
        return c.requests().stream().filter(r -> type.isInstance(r.message())).skip(n).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " #" + n + " on connection " + c.connectionId()));
    }

    /** The frames a diagnosis names on one connection, as connection:seq strings for readable failures. */
    static List<String> named(Diagnosis d) {
        return d.frames().stream().map(f -> f.connection() + ":" + f.seq()).toList();
    }

    static String at(Conversation c, long seq) {
        return c.connectionId() + ":" + seq;
    }
}
