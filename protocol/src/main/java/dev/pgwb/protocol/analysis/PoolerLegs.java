package dev.pgwb.protocol.analysis;

import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.wire.Direction;
import dev.pgwb.protocol.wire.Frame;
import dev.pgwb.protocol.wire.FrameKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The two legs of a pooler recorded in one capture: the applications' connections to the pooler
 * (client legs) and the pooler's connections to the server (server legs). Recognised without knowing
 * the pooler: the same request bytes leave an application's connection and, moments later, a
 * connection to another address; the server's errors travel back the same way. Each forwarded
 * frame is matched to its copy on the other leg, so an error on an application's connection can be
 * explained by what happened on the server connection that carried it, and a server-leg message
 * that no application sent is the pooler's own (its reset query, a health check).
 */
public final class PoolerLegs {
    /** No pooler in the session. */
    public static final PoolerLegs NONE = new PoolerLegs("", "", Set.of(), Set.of());

    /** How long a pooler may take to forward a message. */
    private static final long WINDOW_NANOS = 5_000_000_000L;
    /** Fewer forwarded requests than this do not make a pooler. */
    private static final int MIN_MATCHES = 2;
    /** Requests remembered per session for matching: the rest is not matched (memory stays bounded). */
    private static final int MAX_SAMPLES = 2_000_000;

    private final String poolerAddress;
    private final String serverAddress;
    private final Set<Integer> clientLegs;
    private final Set<Integer> serverLegs;
    private final Map<Long, FrameRef> forwardedTo = new HashMap<>();
    private final Map<Long, FrameRef> forwardedFrom = new HashMap<>();

    private PoolerLegs(String poolerAddress, String serverAddress, Set<Integer> clientLegs, Set<Integer> serverLegs) {
        this.poolerAddress = poolerAddress;
        this.serverAddress = serverAddress;
        this.clientLegs = clientLegs;
        this.serverLegs = serverLegs;
    }

    public boolean present() {
        return !clientLegs.isEmpty();
    }

    /** The address the applications connected to ({@code host:port}). */
    public String poolerAddress() {
        return poolerAddress;
    }

    /** The server the pooler connected to. */
    public String serverAddress() {
        return serverAddress;
    }

    public boolean isClientLeg(int connection) {
        return clientLegs.contains(connection);
    }

    public boolean isServerLeg(int connection) {
        return serverLegs.contains(connection);
    }

    /**
     * The other leg's copy of a frame: for a client-leg request, the server-leg frame the pooler
     * forwarded it as; for a server-leg ErrorResponse, the client-leg one it was passed on as.
     */
    public Optional<FrameRef> forwardedTo(int connection, long seq) {
        return Optional.ofNullable(forwardedTo.get(key(connection, seq)));
    }

    /**
     * Where a frame came from on the other leg: for a server-leg request, the client-leg request it
     * was forwarded from (empty: the pooler sent it itself); for a client-leg ErrorResponse, the
     * server-leg one it came from.
     */
    public Optional<FrameRef> forwardedFrom(int connection, long seq) {
        return Optional.ofNullable(forwardedFrom.get(key(connection, seq)));
    }

    private static long key(int connection, long seq) {
        return ((long) connection << 40) ^ seq;
    }

    /** Collects what the detection needs while a session is read, then decides. */
    static final class Builder {
        private record Sample(int connection, long seq, long time, long hash, boolean request) {
        }

        private final Map<Integer, ConnectionInfo> infos = new HashMap<>();
        private final Set<String> upstreams = new HashSet<>();
        private final List<Sample> samples = new ArrayList<>();

        /** @param infos the connections of the session known so far: a pooler needs connections to two addresses at least */
        Builder(Collection<ConnectionInfo> infos) {
            infos.forEach(this::connection);
        }

        /** A connection of the session (again: its info replaces the one known). */
        void connection(ConnectionInfo i) {
            infos.put(i.id(), i);
            upstreams.add(i.upstream());
        }

        private boolean possible() {
            return upstreams.size() >= 2;
        }

        /** Requests and errors sampled so far. */
        long samples() {
            return samples.size();
        }

        void frame(int connection, Frame f) {
            // a session with one server (a relay's) never has a pooler's two legs: nothing is sampled
            if (!possible() || f.kind() != FrameKind.TYPED || f.length() < 5 || samples.size() >= MAX_SAMPLES) {
                return;
            }
            int type = f.bytes()[0];
            boolean request = f.direction() == Direction.FRONTEND
                    && (type == 'Q' || type == 'P' || type == 'B' || type == 'C' || type == 'D' || type == 'E' || type == 'F');
            boolean error = f.direction() == Direction.BACKEND && type == 'E';
            if (request || error) {
                samples.add(new Sample(connection, f.seq(), f.timeNanos(), hash(f.bytes()), request));
            }
        }

        private static long hash(byte[] b) {
            CRC32C crc = new CRC32C();
            crc.update(b);
            return ((long) Arrays.hashCode(b) << 32) ^ crc.getValue() ^ b.length;
        }

        private String upstream(int connection) {
            ConnectionInfo i = infos.get(connection);
            return i == null ? "" : i.upstream();
        }

        PoolerLegs build() {
            if (!possible() || samples.isEmpty()) {
                return NONE;
            }
            samples.sort(Comparator.comparingLong(Sample::time)); // already nearly in order: a live session adds at the end
            // which address forwards to which: count requests seen first towards one address, then towards another
            Map<Long, List<Sample>> byHash = new HashMap<>();
            for (Sample s : samples) {
                if (s.request()) {
                    byHash.computeIfAbsent(s.hash(), k -> new ArrayList<>()).add(s);
                }
            }
            Map<String, Integer> votes = new HashMap<>();
            for (List<Sample> same : byHash.values()) {
                for (int i = 0; i < same.size(); i++) {
                    Sample a = same.get(i);
                    for (int j = i + 1; j < same.size() && same.get(j).time() - a.time() <= WINDOW_NANOS; j++) {
                        Sample b = same.get(j);
                        String from = upstream(a.connection());
                        String to = upstream(b.connection());
                        if (!from.equals(to)) {
                            votes.merge(from + "\n" + to, 1, Integer::sum);
                            break;
                        }
                    }
                }
            }
            String best = null;
            for (Map.Entry<String, Integer> v : votes.entrySet()) {
                String[] ft = v.getKey().split("\n", 2);
                int back = votes.getOrDefault(ft[1] + "\n" + ft[0], 0);
                if (v.getValue() >= MIN_MATCHES && v.getValue() > back && (best == null || v.getValue() > votes.get(best))) {
                    best = v.getKey();
                }
            }
            if (best == null) {
                return NONE;
            }
            String[] ft = best.split("\n", 2);
            Set<Integer> clients = new HashSet<>();
            Set<Integer> servers = new HashSet<>();
            for (ConnectionInfo i : infos.values()) {
                if (i.upstream().equals(ft[0])) {
                    clients.add(i.id());
                } else if (i.upstream().equals(ft[1])) {
                    servers.add(i.id());
                }
            }
            PoolerLegs legs = new PoolerLegs(ft[0], ft[1], Set.copyOf(clients), Set.copyOf(servers));
            legs.match(samples, clients, servers);
            return legs;
        }
    }

    /** Pairs each forwarded frame with its copy on the other leg: the earliest unclaimed identical one after it. */
    private void match(List<Builder.Sample> samples, Set<Integer> clients, Set<Integer> servers) {
        Map<Long, Deque<Builder.Sample>> waiting = new HashMap<>(); // frames sent, their copy not seen yet, by hash
        for (Builder.Sample s : samples) {
            boolean origin = s.request() ? clients.contains(s.connection()) : servers.contains(s.connection());
            boolean copy = s.request() ? servers.contains(s.connection()) : clients.contains(s.connection());
            long h = s.hash() * 31 + (s.request() ? 1 : 0);
            if (origin) {
                waiting.computeIfAbsent(h, k -> new ArrayDeque<>()).addLast(s);
            } else if (copy) {
                Deque<Builder.Sample> q = waiting.get(h);
                while (q != null && !q.isEmpty() && s.time() - q.peekFirst().time() > WINDOW_NANOS) {
                    q.pollFirst(); // never forwarded (the pooler refused it, or the capture missed the copy)
                }
                if (q != null && !q.isEmpty()) {
                    Builder.Sample from = q.pollFirst();
                    forwardedTo.put(key(from.connection(), from.seq()), new FrameRef(s.connection(), s.seq(), "forwarded copy"));
                    forwardedFrom.put(key(s.connection(), s.seq()), new FrameRef(from.connection(), from.seq(), "original"));
                }
            }
        }
    }
}
