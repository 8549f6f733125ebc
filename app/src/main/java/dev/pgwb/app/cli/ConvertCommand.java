package dev.pgwb.app.cli;

import dev.pgwb.app.export.ExportFormat;
import dev.pgwb.app.export.SessionExport;
import dev.pgwb.protocol.session.SessionFileException;
import dev.pgwb.protocol.session.SessionStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgwb convert IN OUT}: a session or capture written as another format. */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Convert a recorded session or a capture to another format.",
            "",
            "IN is a session (.pgwb, from pgwb relay --record) or a capture (.pcap/.pcapng from tcpdump or Wireshark), "
                    + "told apart by their first bytes.",
            "OUT's format comes from --to, else from its extension: .pgwb (a session), .pcapng (for Wireshark: each "
                    + "connection a TCP stream; the server port is written as 5432 so Wireshark decodes PostgreSQL "
                    + "without Decode As), .jsonl (pgwb decode --format json), .txt (pgwb decode's text), .pgws (a script "
                    + "for pgwb run with one connection's frontend messages; the login is left to pgwb run).",
            "OUT - writes to standard output (text unless --to says otherwise).",
            "An existing OUT is not replaced unless --force is given; the file appears only once complete.",
            "",
            "Examples:",
            "  pgwb convert today.pgwb today.pcapng          # open it in Wireshark",
            "  pgwb convert prod.pcap prod.pgwb --port 6432  # a capture of PgBouncer traffic, as a session",
            "  pgwb convert today.pgwb bug.pgws --connection 3",
            "  pgwb convert prod.pcapng - --to jsonl | jq 'select(.type == \"ErrorResponse\")'"},
        footer = {"", "Exit status: 0 written, 2 bad input or usage (unreadable IN, unknown format, OUT exists), "
                + "1 OUT could not be written."})
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "A session (.pgwb) or a capture (.pcap, .pcapng).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write, or - for standard output.")
    String out;

    @Option(names = "--to", paramLabel = "pgwb|pcapng|jsonl|text|pgws",
            description = "The output format. Default: from OUT's extension.")
    String to;

    @Option(names = "--connection", paramLabel = "N", split = ",",
            description = "Only these connections (numbers as pgwb decode shows them, cN; repeat or separate with commas). "
                    + "A script (.pgws) needs exactly one unless the session has only one.")
    List<Integer> connections;

    @Option(names = "--port", paramLabel = "PORT", split = ",",
            description = "IN a capture: server ports whose TCP traffic is PostgreSQL. Default: 5432, and other ports "
                    + "recognised by content.")
    List<Integer> ports;

    @Option(names = "--keep-port", description = "pcapng: write the server's recorded port, not 5432 (Wireshark then needs "
            + "Decode As... PGSQL for it).")
    boolean keepPort;

    @Option(names = "--brief", description = "text: one line per message, without the field tree.")
    boolean brief;

    @Option(names = "--reveal-secrets", description = "keep passwords, SCRAM proofs and GSS tokens: pcapng masks them "
            + "unless given, jsonl and text show them redacted (and cancel keys too); pgwb keeps the bytes as recorded, "
            + "scripts never carry login messages.")
    boolean revealSecrets;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return convert(err);
        } catch (BadInput e) {
            err.println("pgwb convert: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
    }

    private static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    private int convert(PrintWriter err) throws BadInput {
        boolean toStdout = out.equals("-");
        Path target = toStdout ? null : Path.of(out);
        ExportFormat format = format(target);
        if (!Files.exists(in)) {
            throw new BadInput(in + ": no such file");
        }
        if (!Files.isRegularFile(in) || !Files.isReadable(in)) {
            throw new BadInput(in + ": not a readable file");
        }
        String name = in.toString();
        boolean session = SessionFiles.isSession(name);
        boolean capture = !session && SessionFiles.isCapture(name);
        if (!session && !capture) {
            throw new BadInput(in + ": neither a pgwb session nor a pcap/pcapng capture (raw protocol bytes and hex dumps: "
                    + "pgwb decode)");
        }
        if (target != null) {
            try {
                if (Files.exists(target) && Files.isSameFile(target, in)) {
                    throw new BadInput(out + " is the input file");
                }
            } catch (IOException e) {
                throw new BadInput(out + ": " + e.getMessage());
            }
            if (Files.isDirectory(target)) {
                throw new BadInput(out + " is a directory");
            }
            if (Files.exists(target) && !force) {
                throw new BadInput(out + " exists (--force replaces it)");
            }
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new BadInput(out + ": no such directory " + parent);
            }
        }
        SessionStore store;
        try {
            if (session) {
                store = SessionStore.open(in);
                store.recoveryNote().ifPresent(n -> err.println("pgwb convert: " + in + ": " + n));
            } else {
                store = SessionStore.createTemporary();
                try {
                    CaptureImports.Imported imported = CaptureImports.read(in, store, ports);
                    imported.notes().forEach(n -> err.println("pgwb convert: " + in + ": " + n));
                } catch (IOException | RuntimeException e) {
                    store.close();
                    throw e;
                }
            }
        } catch (SessionFileException e) {
            throw new BadInput(e.getMessage());
        } catch (IOException e) {
            throw new BadInput(in + ": " + e.getMessage());
        }
        try (SessionStore s = store) {
            SessionExport.Options options = new SessionExport.Options(connections == null ? Set.of() : Set.copyOf(connections),
                    keepPort, revealSecrets, brief);
            SessionExport.Result r;
            try {
                if (toStdout && (format == ExportFormat.PCAPNG || format == ExportFormat.PGWB)) {
                    OutputStream o = System.out; // bytes: not through the command line's text writer
                    r = SessionExport.write(s, format, o, options, n -> { }, () -> false);
                    o.flush();
                } else if (toStdout) {
                    PrintWriter o = spec.commandLine().getOut();
                    r = SessionExport.writeText(s, format, o, options, n -> { }, () -> false);
                    o.flush();
                } else {
                    r = SessionExport.write(s, format, target, options, n -> { }, () -> false);
                }
            } catch (SessionExport.BadRequest e) {
                throw new BadInput(e.getMessage());
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println("pgwb convert: cannot write " + out + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            r.notes().forEach(n -> err.println("pgwb convert: note: " + n));
            err.println("pgwb convert: wrote " + r.connections() + (r.connections() == 1 ? " connection, " : " connections, ")
                    + r.frames() + (r.frames() == 1 ? " message" : " messages") + " to "
                    + (toStdout ? "standard output" : out) + " (" + format.name().toLowerCase(Locale.ROOT) + ")");
            err.flush();
            return CommandLine.ExitCode.OK;
        } catch (IOException e) {
            return CommandLine.ExitCode.OK; // closing a store only read (or a temporary one) cannot lose anything written
        }
    }

    private ExportFormat format(Path target) throws BadInput {
        if (to != null) {
            return ExportFormat.named(to).orElseThrow(() -> new BadInput("--to " + to + ": not a format (say one of "
                    + java.util.Arrays.stream(ExportFormat.values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + ")"));
        }
        if (target == null) {
            return ExportFormat.TEXT;
        }
        String lower = target.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pcap") || lower.endsWith(".cap")) {
            throw new BadInput(out + ": pgwb writes pcapng, which Wireshark, tshark and tcpdump read like pcap: "
                    + "name it .pcapng (or say --to pcapng)");
        }
        return ExportFormat.byName(target).orElseThrow(() -> new BadInput("cannot tell the format of " + out
                + " from its name: end it in .pgwb, .pcapng, .jsonl, .txt or .pgws, or say --to"));
    }
}
