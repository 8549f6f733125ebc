package dev.pgwb.protocol.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prepared statements and portals of one connection over time: the live ones by name, and every
 * one there ever was, in creation order (the GUI's statement panel reads this; the decoder asks it
 * for parameter and column types). Changed only by {@link Conversation}.
 */
public final class StatementRegistry {
    private final Map<String, StatementEntry> statements = new LinkedHashMap<>();
    private final Map<String, PortalEntry> portals = new LinkedHashMap<>();
    private final List<StatementEntry> statementHistory = new ArrayList<>();
    private final List<PortalEntry> portalHistory = new ArrayList<>();
    /** The history by name, so that explaining an error about one name does not walk every statement there was. */
    private final Map<String, List<StatementEntry>> statementsByName = new HashMap<>();
    private final Map<String, List<PortalEntry>> portalsByName = new HashMap<>();

    /** The statement now known by this name (possibly pending), if any. */
    public Optional<StatementEntry> statement(String name) {
        StatementEntry e = statements.get(name);
        return e != null && e.exists() ? Optional.of(e) : Optional.empty();
    }

    public Optional<PortalEntry> portal(String name) {
        PortalEntry p = portals.get(name);
        return p != null && p.exists() ? Optional.of(p) : Optional.empty();
    }

    /** Every statement ever parsed on the connection (skipped and failed ones included), oldest first. */
    public List<StatementEntry> statementHistory() {
        return Collections.unmodifiableList(statementHistory);
    }

    public List<PortalEntry> portalHistory() {
        return Collections.unmodifiableList(portalHistory);
    }

    /** Statements alive now. */
    public List<StatementEntry> liveStatements() {
        return statements.values().stream().filter(StatementEntry::exists).toList();
    }

    public List<PortalEntry> livePortals() {
        return portals.values().stream().filter(PortalEntry::exists).toList();
    }

    /** Every statement name the connection used, once each. */
    public java.util.Set<String> statementNames() {
        return Collections.unmodifiableSet(statementsByName.keySet());
    }

    /** The entries that had this name, oldest first. */
    public List<StatementEntry> statementsNamed(String name) {
        return Collections.unmodifiableList(statementsByName.getOrDefault(name, List.of()));
    }

    public List<PortalEntry> portalsNamed(String name) {
        return Collections.unmodifiableList(portalsByName.getOrDefault(name, List.of()));
    }

    /** Parameter types for a Bind of {@code statement}: described, else declared; empty when unknown. */
    public List<Integer> parameterTypes(String statement) {
        return statement(statement).map(StatementEntry::parameterTypes).orElse(List.of());
    }

    // --- changes, in message order ---

    private void remember(StatementEntry e) {
        statementHistory.add(e);
        statementsByName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
    }

    private void remember(PortalEntry p) {
        portalHistory.add(p);
        portalsByName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
    }

    /** Drops the history of ended statements and portals (a long-running decoder keeps only the live ones). */
    void forgetEnded() {
        statementHistory.removeIf(s -> !s.exists());
        portalHistory.removeIf(p -> !p.exists());
        statementsByName.values().forEach(l -> l.removeIf(s -> !s.exists()));
        statementsByName.values().removeIf(List::isEmpty);
        portalsByName.values().forEach(l -> l.removeIf(p -> !p.exists()));
        portalsByName.values().removeIf(List::isEmpty);
        statements.values().removeIf(s -> !s.exists());
        portals.values().removeIf(p -> !p.exists());
    }

    /** Drops the statements and portals that ended (or never were) before frame {@code cut}: a bounded history. */
    void forgetEndedBefore(long cut) {
        statementHistory.removeIf(s -> !s.exists() && end(s.endSeq(), s.errorSeq(), s.parseSeq()) < cut);
        portalHistory.removeIf(p -> !p.exists() && end(p.endSeq(), p.errorSeq(), p.bindSeq()) < cut);
        statementsByName.values().forEach(l -> l.removeIf(s -> !s.exists() && end(s.endSeq(), s.errorSeq(), s.parseSeq()) < cut));
        statementsByName.values().removeIf(List::isEmpty);
        portalsByName.values().forEach(l -> l.removeIf(p -> !p.exists() && end(p.endSeq(), p.errorSeq(), p.bindSeq()) < cut));
        portalsByName.values().removeIf(List::isEmpty);
    }

    private static long end(long endSeq, long errorSeq, long madeSeq) {
        return Math.max(endSeq, Math.max(errorSeq, madeSeq));
    }

    StatementEntry parse(String name, long seq, String query, List<Integer> types, boolean fromSql) {
        StatementEntry previous = statements.get(name);
        StatementEntry e = new StatementEntry(name, seq, query, types, fromSql, previous);
        remember(e);
        if (name.isEmpty() && previous != null && previous.exists()) {
            previous.end(StatementEntry.State.CLOSED, seq, "unnamed Parse"); // the server drops it before parsing
        }
        if (!name.isEmpty() && previous != null && previous.exists()) {
            return e; // will fail with 42P05: the existing one stays
        }
        statements.put(name, e);
        return e;
    }

    /** A Parse that never took effect (failed or skipped): the name means what it meant before. */
    void parseUndone(StatementEntry e, StatementEntry.State state, long error) {
        e.failed(state, error);
        if (statements.get(e.name()) == e) {
            StatementEntry prev = e.previous;
            if (prev != null && state == StatementEntry.State.SKIPPED && prev.endSeq() == e.parseSeq()) {
                prev.reopen(); // a skipped unnamed Parse did not drop the old one either
            }
            if (prev != null) {
                statements.put(e.name(), prev);
            } else {
                statements.remove(e.name());
            }
        }
    }

    /** Records a statement that was skipped before it could shadow anything. */
    StatementEntry skippedParse(String name, long seq, String query, List<Integer> types, long error) {
        StatementEntry e = new StatementEntry(name, seq, query, types, false, null);
        e.failed(StatementEntry.State.SKIPPED, error);
        remember(e);
        return e;
    }

    PortalEntry bind(String name, long seq, StatementEntry statement, List<Integer> resultFormats) {
        PortalEntry previous = portals.get(name);
        if (name.isEmpty() && previous != null && previous.exists()) {
            previous.end(PortalEntry.State.CLOSED, seq, "unnamed Bind");
        }
        PortalEntry p = new PortalEntry(name, seq, statement, resultFormats, previous);
        remember(p);
        if (!name.isEmpty() && previous != null && previous.exists()) {
            return p; // will fail with 42P03 duplicate cursor
        }
        portals.put(name, p);
        return p;
    }

    void bindUndone(PortalEntry p, PortalEntry.State state, long error) {
        p.failed(state, error);
        if (portals.get(p.name()) == p) {
            PortalEntry prev = p.previous;
            if (prev != null && state == PortalEntry.State.SKIPPED && prev.endSeq() == p.bindSeq()) {
                prev.reopen();
            }
            if (prev != null) {
                portals.put(p.name(), prev);
            } else {
                portals.remove(p.name());
            }
        }
    }

    PortalEntry skippedBind(String name, long seq, StatementEntry statement, List<Integer> formats, long error) {
        PortalEntry p = new PortalEntry(name, seq, statement, formats, null);
        p.failed(PortalEntry.State.SKIPPED, error);
        remember(p);
        return p;
    }

    /**
     * A statement the recording never saw prepared (it began mid-connection) ended at {@code seq}: kept
     * so that a later use of the name is explained by what ended it.
     */
    StatementEntry closedUnseen(String name, long seq, String cause) {
        StatementEntry e = new StatementEntry(name, -1, "", List.of(), false, null);
        e.end(StatementEntry.State.CLOSED, seq, cause);
        remember(e);
        return e;
    }

    Optional<StatementEntry> closeStatement(String name, long seq, String cause) {
        Optional<StatementEntry> e = statement(name);
        e.ifPresent(s -> s.end(StatementEntry.State.CLOSED, seq, cause));
        return e;
    }

    Optional<PortalEntry> closePortal(String name, long seq, String cause) {
        Optional<PortalEntry> p = portal(name);
        p.ifPresent(x -> x.end(PortalEntry.State.CLOSED, seq, cause));
        return p;
    }

    List<StatementEntry> closeAllStatements(long seq, String cause) {
        List<StatementEntry> closed = liveStatements();
        closed.forEach(s -> s.end(StatementEntry.State.CLOSED, seq, cause));
        return closed;
    }

    List<PortalEntry> closeAllPortals(long seq, String cause) {
        List<PortalEntry> closed = livePortals();
        closed.forEach(p -> p.end(PortalEntry.State.CLOSED, seq, cause));
        return closed;
    }
}
