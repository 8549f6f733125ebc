package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.conversation.Conversation;
import dev.pgwb.protocol.conversation.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 40P01: the process ids of the cycle (DETAIL) mapped to connections by their BackendKeyData; for
 * each, the statement it was waiting in and the earlier statement of its transaction that held what
 * this connection waited for.
 */
final class DeadlockRule implements ErrorRule {
    private static final Pattern WAITS = Pattern.compile(
            "Process (\\d+) waits for (.+?) on (.+?); blocked by process (\\d+)\\.");

    @Override
    public Explanation explain(ErrorCase e) {
        if (!e.code().equals("40P01")) {
            return null;
        }
        Map<Integer, Integer> blockedBy = new LinkedHashMap<>();
        Map<Integer, String> waitsFor = new LinkedHashMap<>();
        Matcher m = WAITS.matcher(e.field('D'));
        while (m.find()) {
            int p = Integer.parseInt(m.group(1));
            blockedBy.put(p, Integer.parseInt(m.group(4)));
            waitsFor.put(p, m.group(2) + " on " + m.group(3));
        }
        int me = e.conversation.backendPid();
        List<FrameRef> frames = new ArrayList<>();
        StringBuilder text = new StringBuilder("PostgreSQL found a deadlock and canceled ")
                .append(e.failed == null ? "this connection's statement" : SqlText.describe(e.conversation, e.failed))
                .append(" to break it; its transaction is now failed. ");
        Set<String> myTables = Locks.tables(e);
        List<Request> mine = Locks.openTransaction(e.session, e.conversation, e.time());
        int named = 0;
        for (Map.Entry<Integer, Integer> w : blockedBy.entrySet()) {
            int waiter = w.getKey();
            int holder = w.getValue();
            Optional<Conversation> hc = e.session.process(holder, e.connection(), e.time());
            String who = hc.map(k -> "process " + holder + " (connection " + k.connectionId() + ")").orElse("process " + holder
                    + " (not in this recording)");
            if (waiter == me || (me == 0 && named == 0)) {
                text.append("This connection (process ").append(waiter).append(") waited for ").append(waitsFor.get(waiter))
                        .append(", held by ").append(who);
                if (hc.isPresent()) {
                    Conversation k = hc.get();
                    long since = e.failed == null ? e.time() : e.session.time(e.connection(), e.failed.seq());
                    List<Request> theirs = Locks.openTransaction(e.session, k, since);
                    Optional<Request> lock = Locks.holder(e.session, k, theirs, since, myTables,
                            e.failed == null ? java.util.Map.of() : Locks.conditions(e.conversation, e.failed));
                    if (lock.isPresent()) {
                        text.append(", whose transaction had run ").append(SqlText.describe(k, lock.get(), e.connection()));
                        frames.add(ErrorCase.ref(k, lock.get().seq(), "holds what this connection waited for (connection "
                                + k.connectionId() + ")"));
                    }
                }
                text.append(". ");
            } else {
                Optional<Conversation> wc = e.session.process(waiter, e.connection(), e.time());
                String waiterName = wc.map(k -> "Connection " + k.connectionId() + " (process " + waiter + ")")
                        .orElse("Process " + waiter);
                text.append(waiterName).append(" was waiting at the same time");
                if (wc.isPresent()) {
                    Conversation k = wc.get();
                    Optional<Request> waiting = ErrorCase.runningAt(e.session, k, e.time());
                    if (waiting.isPresent()) {
                        text.append(" in ").append(SqlText.describe(k, waiting.get(), e.connection()));
                        frames.add(ErrorCase.ref(k, waiting.get().seq(), "waiting on connection " + k.connectionId()));
                        Set<String> theirTables = SqlText.tables(SqlText.of(k, waiting.get()));
                        long since = e.session.time(k.connectionId(), waiting.get().seq());
                        Optional<Request> myLock = Locks.holder(e.session, e.conversation, mine, since, theirTables,
                                Locks.conditions(k, waiting.get()));
                        if (myLock.isPresent() && (e.failed == null || myLock.get().seq() != e.failed.seq())) {
                            text.append(", for what this connection's ").append(SqlText.named(e.conversation, myLock.get(), e.connection()))
                                    .append(" had locked");
                            frames.add(e.ref(myLock.get().seq(), "holds what connection " + k.connectionId() + " waited for"));
                        }
                    }
                }
                text.append(" (").append(waitsFor.get(waiter)).append(", held by ")
                        .append(holder == me ? "this connection" : "process " + holder).append("). ");
            }
            named++;
        }
        if (blockedBy.isEmpty()) {
            text.append("The server's DETAIL, which names the processes of the cycle, is missing (log_error_verbosity or a driver "
                    + "that drops it). ");
        } else {
            text.append("Each waited for the other, so neither could ever go on; after deadlock_timeout the server canceled this one, "
                    + "and the other went ahead.");
        }
        return Explanation.of("deadlock", "", text.toString().trim(),
                "Make every transaction take its locks in the same order (e.g. update rows by ascending key), keep transactions "
                        + "short, and retry a transaction that fails with 40P01.", frames);
    }
}
