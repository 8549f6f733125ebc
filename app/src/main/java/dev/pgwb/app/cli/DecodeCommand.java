package dev.pgwb.app.cli;

import dev.pgwb.app.export.JsonLinesMessagePrinter;
import dev.pgwb.app.export.MessagePrinter;
import dev.pgwb.app.export.SessionPrinter;
import dev.pgwb.app.export.TextMessagePrinter;
import dev.pgwb.protocol.analysis.SessionAnalysis;
import dev.pgwb.protocol.capture.PostgresRecognizer;
import dev.pgwb.protocol.capture.SingleDirectionDecoder;
import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.session.SessionStore;
import dev.pgwb.protocol.wire.Direction;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgwb decode}: the messages in a recorded session, a capture, or files of one direction's bytes. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Decode a recorded session (.pgwb), a capture (.pcap, .pcapng), or one direction's bytes (raw or hex-dumped).",
            "",
            "Decodes files holding the protocol bytes of ONE direction of a connection (what the client "
                    + "sent, or what the server sent): raw bytes, or a hex dump of them (xxd, Wireshark "
                    + "\"Copy as Hex Dump\", hexdump -C, od, plain hex).",
            "Without --from, the direction is guessed and the guess said on standard error.",
            "A recorded session (FILE.pgwb, from pgwb relay --record) is decoded whole: every connection, "
                    + "both directions, in the order recorded, each message with its connection (cN; \"conn\" in JSON) "
                    + "and its sequence number on that connection ([seq]; \"seq\" in JSON), analysed: which request each "
                    + "reply answers (reply_to / replies), skipped requests, latencies, an explanation of each error and "
                    + "suspicious pattern naming the frames involved (diagnosis), and a summary per connection.",
            "A capture (FILE.pcap or FILE.pcapng from tcpdump, Wireshark or pgwb convert; told by its first bytes, "
                    + "whatever its name) is decoded the same way: each PostgreSQL TCP connection in it becomes a connection, "
                    + "found on port 5432 or by its content; --port names other server ports."},
        footer = {"", "Exit status: 0 decoded, 2 bad input (missing, empty or unreadable file) or bad usage."})
public final class DecodeCommand implements Callable<Integer> {

    /** How the messages are written. */
    public enum Format { TEXT, JSON }

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "client|server", converter = DirectionConverter.class,
            description = "Who sent the bytes: client (frontend) or server (backend). Default: guessed per file.")
    Direction from;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: one line per message and its field tree; json: JSON Lines, one object per message. "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--brief", description = "With text: one line per message, without the field tree.")
    boolean brief;

    @Option(names = "--reveal-secrets", description = "Show passwords, SCRAM proofs, GSS tokens and cancel keys.")
    boolean revealSecrets;

    @Option(names = "--port", paramLabel = "PORT", split = ",",
            description = "Captures: server ports whose TCP traffic is PostgreSQL (repeat or separate with commas). "
                    + "Default: 5432, and other ports recognised by content.")
    List<Integer> ports;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to decode, each its own stream; - is standard input.")
    List<String> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MessagePrinter printer = format == Format.JSON ? new JsonLinesMessagePrinter(out) : new TextMessagePrinter(out, brief);
        boolean several = files.size() > 1;
        int exit = CommandLine.ExitCode.OK;
        for (String name : files) {
            if (SessionFiles.isSession(name)) {
                exit = Math.max(exit, decodeSession(name, several ? name : null, printer, err));
                continue;
            }
            if (SessionFiles.isCapture(name)) {
                exit = Math.max(exit, decodeCapture(name, several ? name : null, printer, err));
                continue;
            }
            StreamFile file;
            try {
                file = StreamFile.read(name, System.in);
            } catch (StreamFile.BadInput e) {
                printer.flush();
                err.println("pgwb decode: " + e.getMessage());
                err.flush();
                exit = CommandLine.ExitCode.USAGE;
                continue;
            }
            SingleDirectionDecoder.Result result;
            if (from != null) {
                result = SingleDirectionDecoder.decode(file.bytes(), from, revealSecrets);
            } else {
                PostgresRecognizer.SenderGuess guess = PostgresRecognizer.sender(file.bytes(), revealSecrets);
                result = guess.result();
                err.println("pgwb decode: " + name + ": guessed " + side(guess.direction()) + " bytes: "
                        + guess.reason() + " (say --from " + (guess.direction() == Direction.FRONTEND ? "server" : "client")
                        + " if wrong)");
                err.flush();
            }
            printer.startSource(several ? name : null);
            for (Decoded d : result.messages()) {
                printer.print(d);
            }
            printer.flush();
        }
        return exit;
    }

    /** A recorded {@code .pgwb} session: every connection, both directions, in recorded order. */
    private int decodeSession(String name, String source, MessagePrinter printer, PrintWriter err) {
        try (SessionStore store = SessionStore.open(java.nio.file.Path.of(name))) {
            store.recoveryNote().ifPresent(note -> {
                err.println("pgwb decode: " + name + ": " + note);
                err.flush();
            });
            printer.startSource(source);
            new SessionPrinter(store, printer, revealSecrets, SessionAnalysis.of(store)).printAll();
            return CommandLine.ExitCode.OK;
        } catch (java.io.IOException e) {
            printer.flush();
            err.println("pgwb decode: " + (e instanceof dev.pgwb.protocol.session.SessionFileException ? e.getMessage()
                    : name + ": cannot read: " + e.getMessage()));
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
    }

    /** A pcap/pcapng capture: imported into a temporary session, then printed like a recorded one. */
    private int decodeCapture(String name, String source, MessagePrinter printer, PrintWriter err) {
        try (SessionStore store = SessionStore.createTemporary()) {
            CaptureImports.Imported imported = CaptureImports.read(java.nio.file.Path.of(name), store, ports);
            for (String note : imported.notes()) {
                err.println("pgwb decode: " + name + ": " + note);
            }
            err.flush();
            printer.startSource(source);
            new SessionPrinter(store, printer, revealSecrets, SessionAnalysis.of(store)).printAll();
            return CommandLine.ExitCode.OK;
        } catch (java.io.IOException e) {
            printer.flush();
            err.println("pgwb decode: " + name + ": " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
    }

    private static String side(Direction d) {
        return d == Direction.FRONTEND ? "client (frontend)" : "server (backend)";
    }

    /** {@code client}/{@code frontend}/{@code F} or {@code server}/{@code backend}/{@code B}. */
    static final class DirectionConverter implements CommandLine.ITypeConverter<Direction> {
        @Override
        public Direction convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "client", "frontend", "f" -> Direction.FRONTEND;
                case "server", "backend", "b" -> Direction.BACKEND;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a direction: say client or server");
            };
        }
    }
}
