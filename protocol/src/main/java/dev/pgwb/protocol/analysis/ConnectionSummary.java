package dev.pgwb.protocol.analysis;

import java.util.List;
import java.util.Map;

/**
 * One connection at a glance.
 *
 * @param connection       its id
 * @param protocolVersion  {@code major << 16 | minor}, 0 when no StartupMessage was seen
 * @param authMethod       what the server asked for
 * @param messageCounts    messages by type name
 * @param bytesFromClient  bytes the client sent
 * @param bytesFromServer  bytes the server sent
 * @param requests         requests sent
 * @param roundTrips       waits for ReadyForQuery
 * @param roundTripNanos   their total time
 * @param statements       statements prepared (Parse or PREPARE), failed and skipped ones included
 * @param portals          portals bound
 * @param slowest          the slowest requests, slowest first
 * @param errors           every ErrorResponse
 * @param warnings         how many warnings the analysis raised
 * @param connectionDiagnoses what the analysis says of the connection as a whole, not of one of its frames
 *                         (a probe that connected and sent nothing)
 */
public record ConnectionSummary(int connection, int protocolVersion, String authMethod, Map<String, Integer> messageCounts,
                                long bytesFromClient, long bytesFromServer, int requests, int roundTrips, long roundTripNanos,
                                int statements, int portals, List<SlowRequest> slowest, List<ErrorLine> errors, int warnings,
                                List<Diagnosis> connectionDiagnoses) {

    public ConnectionSummary {
        connectionDiagnoses = List.copyOf(connectionDiagnoses);
        messageCounts = Map.copyOf(messageCounts);
        slowest = List.copyOf(slowest);
        errors = List.copyOf(errors);
    }

    /** A request and how long it took to be fully answered. */
    public record SlowRequest(long seq, String type, long durationNanos, String what) {
    }

    /** An ErrorResponse: its frame, SQLSTATE and message. */
    public record ErrorLine(long seq, String sqlState, String message) {
    }

    /** "3.0", "3.2", or "?" */
    public String protocolText() {
        return protocolVersion == 0 ? "?" : (protocolVersion >>> 16) + "." + (protocolVersion & 0xffff);
    }
}
