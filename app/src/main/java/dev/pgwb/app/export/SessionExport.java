package dev.pgwb.app.export;

import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.capture.SessionToPcapng;
import dev.pgwb.protocol.client.ScriptWriter;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.message.Message;
import dev.pgwb.protocol.session.ConnectionInfo;
import dev.pgwb.protocol.session.RecordedFrame;
import dev.pgwb.protocol.session.SessionDecoder;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Writes a session (or some of its connections) as another file: pcapng for Wireshark, the JSON
 * Lines and text of {@code pgwb decode}, a composer script, or a {@code .pgwb} of its own. Shared by
 * the window's File → Export and {@code pgwb convert}; the JSON and text are the very printers
 * {@code decode} uses, so each format has one writer.
 */
public final class SessionExport {
    private static final int BATCH = 4096;

    /**
     * What to write.
     *
     * @param connections    connection ids to write, or empty for all (a script needs exactly one)
     * @param keepServerPort pcapng: the server's recorded port instead of 5432
     * @param revealSecrets  passwords, SCRAM proofs and GSS tokens kept (pcapng) or shown (JSON, text, with cancel keys)
     * @param brief          text: one line per message, no field tree
     */
    public record Options(Set<Integer> connections, boolean keepServerPort, boolean revealSecrets, boolean brief) {
        public Options {
            connections = Set.copyOf(connections);
        }

        public static Options defaults() {
            return new Options(Set.of(), false, false, false);
        }

        public Options withConnections(Set<Integer> ids) {
            return new Options(ids, keepServerPort, revealSecrets, brief);
        }

        public Options withKeepServerPort(boolean keep) {
            return new Options(connections, keep, revealSecrets, brief);
        }

        public Options withRevealSecrets(boolean reveal) {
            return new Options(connections, keepServerPort, reveal, brief);
        }
    }

    /** A request that cannot be met (no such connection, a script of several connections): said in one line. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }

    /**
     * What was written.
     *
     * @param connections connections written
     * @param frames      frames (messages) written
     * @param notes       what the reader should know (ports rewritten, frames left out...)
     */
    public record Result(int connections, long frames, List<String> notes) {
    }

    private SessionExport() {
    }

    /**
     * Writes {@code store} to {@code target} as {@code format}, through a temporary sibling moved into
     * place at the end: a failed or cancelled export leaves no partial file and the old one untouched.
     * {@code progress} gets frames done (of {@code store.frameCount()}); {@code cancelled} is asked
     * between batches and ends the export with a CancellationException.
     */
    public static Result write(SessionStore store, ExportFormat format, Path target, Options options, LongConsumer progress,
                               BooleanSupplier cancelled) throws IOException, BadRequest {
        check(store, format, options);
        Path part = target.toAbsolutePath().resolveSibling(target.getFileName() + ".part");
        try {
            Result r;
            if (format == ExportFormat.PGWB) {
                r = copySession(store, part, options, progress, cancelled);
            } else {
                try (OutputStream out = Files.newOutputStream(part)) {
                    r = write(store, format, out, options, progress, cancelled);
                }
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            return r;
        } catch (IOException | RuntimeException | BadRequest e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** Writes {@code store} as {@code format} to {@code out} (standard output, say), left open. */
    public static Result write(SessionStore store, ExportFormat format, OutputStream out, Options options, LongConsumer progress,
                               BooleanSupplier cancelled) throws IOException, BadRequest {
        List<ConnectionInfo> chosen = check(store, format, options);
        return switch (format) {
            case PCAPNG -> {
                SessionToPcapng.Result r = SessionToPcapng.write(store, out, new SessionToPcapng.Options(options.keepServerPort(),
                        options.connections(), options.revealSecrets()), progress, cancelled);
                yield new Result(r.connections(), r.frames(), r.notes());
            }
            case JSONL, TEXT, PGWS -> {
                java.io.Writer w = new OutputStreamWriter(nonClosing(out), StandardCharsets.UTF_8);
                Result r = writeText(store, format, w, options, progress, cancelled);
                w.flush();
                yield r;
            }
            case PGWB -> {
                Path tmp = Files.createTempFile("pgwb-export", ".pgwb");
                try {
                    Result r = copySession(store, tmp, options, progress, cancelled);
                    try (InputStream in = Files.newInputStream(tmp)) {
                        in.transferTo(out);
                    }
                    out.flush();
                    yield r;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        };
    }

    /** Writes a text format (JSON Lines, text, script) to {@code out}, left open: for a terminal or a test's writer. */
    public static Result writeText(SessionStore store, ExportFormat format, java.io.Writer out, Options options, LongConsumer progress,
                                   BooleanSupplier cancelled) throws IOException, BadRequest {
        List<ConnectionInfo> chosen = check(store, format, options);
        return switch (format) {
            case JSONL, TEXT -> printed(store, format, out, options, chosen, progress, cancelled);
            case PGWS -> script(store, out, chosen.get(0), progress, cancelled);
            case PCAPNG, PGWB -> throw new BadRequest(format.name().toLowerCase(java.util.Locale.ROOT) + " is not a text format");
        };
    }

    /** The connections to write; a clear reason when there is none or a script would need one. */
    private static List<ConnectionInfo> check(SessionStore store, ExportFormat format, Options options) throws BadRequest {
        List<ConnectionInfo> all = store.connections();
        for (int id : new TreeSet<>(options.connections())) {
            if (id < 1 || id > all.size()) {
                throw new BadRequest("the session has no connection " + id + " ("
                        + (all.isEmpty() ? "it has none" : all.size() == 1 ? "it has connection 1" : "it has 1 to " + all.size()) + ")");
            }
        }
        List<ConnectionInfo> chosen = all.stream().filter(c -> options.connections().isEmpty()
                || options.connections().contains(c.id())).toList();
        if (format == ExportFormat.PGWS && chosen.size() != 1) {
            throw new BadRequest(chosen.isEmpty() ? "the session has no connection to write as a script"
                    : "a script replays one connection, and the session has " + chosen.size() + ": say which one (connection "
                    + chosen.stream().map(c -> String.valueOf(c.id())).collect(Collectors.joining(", ")) + ")");
        }
        return chosen;
    }

    private static Result printed(SessionStore store, ExportFormat format, java.io.Writer out, Options options,
                                  List<ConnectionInfo> chosen, LongConsumer progress, BooleanSupplier cancelled) {
        PrintWriter w = new PrintWriter(new BufferedWriter(out));
        MessagePrinter printer = format == ExportFormat.JSONL ? new JsonLinesMessagePrinter(w) : new TextMessagePrinter(w, options.brief());
        SessionPrinter session = new SessionPrinter(store, printer, options.revealSecrets(), SessionAnalysis.of(store))
                .only(options.connections());
        printer.startSource(null);
        long n = store.frameCount();
        long frames = 0;
        for (long from = 0; from < n; from += BATCH) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            List<RecordedFrame> batch = store.frames(from, Math.min(n, from + BATCH));
            frames += batch.stream().filter(f -> options.connections().isEmpty() || options.connections().contains(f.connectionId())).count();
            session.print(batch);
            progress.accept(Math.min(n, from + BATCH));
        }
        session.finish();
        w.flush();
        return new Result(chosen.size(), frames, List.of());
    }

    /**
     * One connection's frontend messages as a composer script: a header saying where they come from
     * and how to run it, then {@link ScriptWriter}'s lines; the login is left to the script's connection.
     */
    private static Result script(SessionStore store, java.io.Writer out, ConnectionInfo c, LongConsumer progress,
                                 BooleanSupplier cancelled) throws IOException {
        SessionDecoder decoder = new SessionDecoder(true); // the bytes must be the real ones; ScriptWriter never copies passwords
        List<Message> messages = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        long n = store.frameCount();
        for (long from = 0; from < n; from += BATCH) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            for (RecordedFrame f : store.frames(from, Math.min(n, from + BATCH))) {
                if (f.connectionId() != c.id()) {
                    continue;
                }
                Decoded d = decoder.decode(f); // backend messages too: they carry the state (COPY, encodings)
                if (f.frame().direction() == Direction.FRONTEND && f.origin() != RecordedFrame.Origin.REWRITE_ORIGINAL) {
                    messages.add(d.message());
                    bytes.add(f.frame().bytes());
                }
            }
            progress.accept(Math.min(n, from + BATCH));
        }
        List<String> header = new ArrayList<>();
        header.add("pgwb script: the frontend messages of connection " + c.id()
                + (store.path() == null ? "" : " of " + store.path().getFileName()));
        header.add("client " + c.client() + ", server " + c.upstream() + ", opened " + Instant.ofEpochSecond(0, c.openedNanos()));
        if (!c.user().isEmpty() || !c.database().isEmpty()) {
            header.add("user " + (c.user().isEmpty() ? "?" : c.user()) + ", database " + (c.database().isEmpty() ? c.user() : c.database())
                    + (c.applicationName().isEmpty() ? "" : ", application " + c.applicationName()));
        }
        if (!c.note().isEmpty()) {
            header.add("note: " + c.note());
        }
        header.add("run it: pgwb run THIS.pgws --url postgresql://" + (c.user().isEmpty() ? "" : c.user() + "@") + c.upstream() + "/"
                + (c.database().isEmpty() ? c.user() : c.database()));
        String text = ScriptWriter.script(header, messages, bytes);
        out.write(text);
        out.flush();
        return new Result(1, messages.size(), List.of());
    }

    /** A session file of the chosen connections (renumbered from 1 when some are left out), frames and facts as recorded. */
    private static Result copySession(SessionStore store, Path file, Options options, LongConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        Map<Integer, Integer> ids = new HashMap<>();
        long frames = 0;
        try (SessionStore copy = SessionStore.create(file)) {
            List<ConnectionInfo> chosen = store.connections().stream()
                    .filter(c -> options.connections().isEmpty() || options.connections().contains(c.id())).toList();
            for (ConnectionInfo c : chosen) {
                int id = copy.openConnection(c.client(), c.upstream(), c.openedNanos(), c.note());
                if (!c.user().isEmpty() || !c.database().isEmpty() || !c.applicationName().isEmpty()) {
                    copy.setStartup(id, c.user(), c.database(), c.applicationName());
                }
                ids.put(c.id(), id);
            }
            long n = store.frameCount();
            for (long from = 0; from < n; from += BATCH) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException();
                }
                for (RecordedFrame f : store.frames(from, Math.min(n, from + BATCH))) {
                    Integer id = ids.get(f.connectionId());
                    if (id != null) {
                        copy.append(id, f.frame(), f.origin());
                        frames++;
                    }
                }
                progress.accept(Math.min(n, from + BATCH));
            }
            for (ConnectionInfo c : chosen) {
                if (!c.isOpen()) {
                    copy.closeConnection(ids.get(c.id()), c.closedNanos(), c.closeReason());
                }
            }
            copy.flush();
            return new Result(chosen.size(), frames, chosen.size() < store.connections().size() && !chosen.isEmpty()
                    && !ids.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))
                    ? List.of("connections renumbered from 1: " + ids.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " → " + e.getValue()).collect(Collectors.joining(", "))) : List.of());
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
