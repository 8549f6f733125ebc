package dev.pgwb.protocol.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The prepared statements and portals of one connection over time: the live ones by name, and every
 * one there ever was, in creation order (the GUI's statement panel reads this; the decoder asks it
 * for parameter and column types). Changed only by {@link Conversation}. Statements and portals live
 * by the same rules (made, shadowing the previous one of the same name; undone when the message that
 * made them failed or was skipped; closed), kept once in a {@link Table} of each kind.
 */
public final class StatementRegistry {

    /** The entries of one kind: the live one by name, the history in order, and the history by name. */
    private static final class Table<S extends Enum<S>, E extends RegistryEntry<S, E>> {
        private final Map<String, E> byName = new LinkedHashMap<>();
        private final List<E> history = new ArrayList<>();
        /** The history by name, so that explaining an error about one name does not walk every entry there was. */
        private final Map<String, List<E>> historyByName = new HashMap<>();
        private final S closed;
        private final S skipped;

        Table(S closed, S skipped) {
            this.closed = closed;
            this.skipped = skipped;
        }

        Optional<E> live(String name) {
            E e = byName.get(name);
            return e != null && e.exists() ? Optional.of(e) : Optional.empty();
        }

        List<E> alive() {
            return byName.values().stream().filter(E::exists).toList();
        }

        List<E> named(String name) {
            return Collections.unmodifiableList(historyByName.getOrDefault(name, List.of()));
        }

        void remember(E e) {
            history.add(e);
            historyByName.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
        }

        /**
         * A message made {@code e}: it takes the name, unless a named one of that name lives (the
         * message will fail: the existing one stays); an unnamed one replaces the previous at once.
         */
        E made(E e, E previous, String replacedBy) {
            remember(e);
            if (previous != null && previous.exists()) {
                if (e.name().isEmpty()) {
                    previous.end(closed, e.madeSeq(), replacedBy); // the server drops it before making the new one
                } else {
                    return e; // 42P05 / 42P03: the existing one stays
                }
            }
            byName.put(e.name(), e);
            return e;
        }

        /** The message that made {@code e} never took effect (failed or skipped): the name means what it meant before. */
        void undone(E e, S state, long error) {
            e.failed(state, error);
            if (byName.get(e.name()) == e) {
                E prev = e.previous;
                if (prev != null && state == skipped && prev.endSeq() == e.madeSeq()) {
                    prev.reopen(); // a skipped unnamed message did not drop the old one either
                }
                if (prev != null) {
                    byName.put(e.name(), prev);
                } else {
                    byName.remove(e.name());
                }
            }
        }

        /** Made by a message the server skipped: it never shadowed anything. */
        E skipped(E e, long error) {
            e.failed(skipped, error);
            remember(e);
            return e;
        }

        Optional<E> close(String name, long seq, String cause) {
            Optional<E> e = live(name);
            e.ifPresent(x -> x.end(closed, seq, cause));
            return e;
        }

        List<E> closeAll(long seq, String cause) {
            List<E> all = alive();
            all.forEach(x -> x.end(closed, seq, cause));
            return all;
        }

        /** Keeps only the live ones (a long-running decoder). */
        void forgetEnded() {
            forget(e -> !e.exists());
            byName.values().removeIf(e -> !e.exists());
        }

        /** Drops what ended (or never was) before frame {@code cut}: a bounded history. */
        void forgetEndedBefore(long cut) {
            forget(e -> !e.exists() && e.lastSeq() < cut);
        }

        private void forget(java.util.function.Predicate<E> gone) {
            history.removeIf(gone);
            historyByName.values().forEach(l -> l.removeIf(gone));
            historyByName.values().removeIf(List::isEmpty);
        }
    }

    private final Table<StatementEntry.State, StatementEntry> statements =
            new Table<>(StatementEntry.State.CLOSED, StatementEntry.State.SKIPPED);
    private final Table<PortalEntry.State, PortalEntry> portals = new Table<>(PortalEntry.State.CLOSED, PortalEntry.State.SKIPPED);

    /** The statement now known by this name (possibly pending), if any. */
    public Optional<StatementEntry> statement(String name) {
        return statements.live(name);
    }

    public Optional<PortalEntry> portal(String name) {
        return portals.live(name);
    }

    /** Every statement ever parsed on the connection (skipped and failed ones included), oldest first. */
    public List<StatementEntry> statementHistory() {
        return Collections.unmodifiableList(statements.history);
    }

    public List<PortalEntry> portalHistory() {
        return Collections.unmodifiableList(portals.history);
    }

    /** Statements alive now. */
    public List<StatementEntry> liveStatements() {
        return statements.alive();
    }

    public List<PortalEntry> livePortals() {
        return portals.alive();
    }

    /** Every statement name the connection used, once each. */
    public Set<String> statementNames() {
        return Collections.unmodifiableSet(statements.historyByName.keySet());
    }

    /** The entries that had this name, oldest first. */
    public List<StatementEntry> statementsNamed(String name) {
        return statements.named(name);
    }

    public List<PortalEntry> portalsNamed(String name) {
        return portals.named(name);
    }

    /** Parameter types for a Bind of {@code statement}: described, else declared; empty when unknown. */
    public List<Integer> parameterTypes(String statement) {
        return statement(statement).map(StatementEntry::parameterTypes).orElse(List.of());
    }

    // --- changes, in message order ---

    /** Drops the history of ended statements and portals (a long-running decoder keeps only the live ones). */
    void forgetEnded() {
        statements.forgetEnded();
        portals.forgetEnded();
    }

    /** Drops the statements and portals that ended (or never were) before frame {@code cut}: a bounded history. */
    void forgetEndedBefore(long cut) {
        statements.forgetEndedBefore(cut);
        portals.forgetEndedBefore(cut);
    }

    StatementEntry parse(String name, long seq, String query, List<Integer> types, boolean fromSql) {
        StatementEntry previous = statements.byName.get(name);
        return statements.made(new StatementEntry(name, seq, query, types, fromSql, previous), previous, "unnamed Parse");
    }

    /** A Parse that never took effect (failed or skipped): the name means what it meant before. */
    void parseUndone(StatementEntry e, StatementEntry.State state, long error) {
        statements.undone(e, state, error);
    }

    /** Records a statement that was skipped before it could shadow anything. */
    StatementEntry skippedParse(String name, long seq, String query, List<Integer> types, long error) {
        return statements.skipped(new StatementEntry(name, seq, query, types, false, null), error);
    }

    PortalEntry bind(String name, long seq, StatementEntry statement, List<Integer> resultFormats) {
        PortalEntry previous = portals.byName.get(name);
        return portals.made(new PortalEntry(name, seq, statement, resultFormats, previous), previous, "unnamed Bind");
    }

    void bindUndone(PortalEntry p, PortalEntry.State state, long error) {
        portals.undone(p, state, error);
    }

    PortalEntry skippedBind(String name, long seq, StatementEntry statement, List<Integer> formats, long error) {
        return portals.skipped(new PortalEntry(name, seq, statement, formats, null), error);
    }

    /**
     * A statement the recording never saw prepared (it began mid-connection) ended at {@code seq}: kept
     * so that a later use of the name is explained by what ended it.
     */
    StatementEntry closedUnseen(String name, long seq, String cause) {
        StatementEntry e = new StatementEntry(name, -1, "", List.of(), false, null);
        e.end(StatementEntry.State.CLOSED, seq, cause);
        statements.remember(e);
        return e;
    }

    Optional<StatementEntry> closeStatement(String name, long seq, String cause) {
        return statements.close(name, seq, cause);
    }

    Optional<PortalEntry> closePortal(String name, long seq, String cause) {
        return portals.close(name, seq, cause);
    }

    List<StatementEntry> closeAllStatements(long seq, String cause) {
        return statements.closeAll(seq, cause);
    }

    List<PortalEntry> closeAllPortals(long seq, String cause) {
        return portals.closeAll(seq, cause);
    }
}
