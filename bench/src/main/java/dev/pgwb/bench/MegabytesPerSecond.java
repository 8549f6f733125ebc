package dev.pgwb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns a JMH result file ({@code -rf csv}) of {@link WireBenchmarks} into MB/s (10^6 bytes per
 * second): ops/s and its 99.9% error times the bytes one op replays. The byte counts come from
 * rebuilding the same seeded conversations, so they cannot drift from what was measured.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.pgwb.bench.MegabytesPerSecond jmh-result.csv}
 */
public final class MegabytesPerSecond {
    private MegabytesPerSecond() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: MegabytesPerSecond JMH_RESULT.csv");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        if (lines.isEmpty()) {
            throw new IOException(args[0] + " is empty");
        }
        List<String> header = csv(lines.get(0));
        int nameAt = header.indexOf("Benchmark");
        int scoreAt = header.indexOf("Score");
        int errorAt = header.indexOf("Score Error (99.9%)");
        int unitAt = header.indexOf("Unit");
        if (nameAt < 0 || scoreAt < 0 || errorAt < 0 || unitAt < 0) {
            throw new IOException(args[0] + " is not a JMH CSV result file: header " + header);
        }
        System.out.printf(Locale.ROOT, "%-18s %12s %22s %20s%n", "Benchmark", "bytes/op", "ops/s", "MB/s");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> row = csv(line);
            String name = row.get(nameAt).substring(row.get(nameAt).lastIndexOf('.') + 1);
            Supplier<Conversation> conversation = WireBenchmarks.CONVERSATIONS.get(name);
            if (conversation == null || !row.get(unitAt).equals("ops/s")) {
                System.out.printf(Locale.ROOT, "%-18s (no byte count or not ops/s: %s %s)%n", name, row.get(scoreAt), row.get(unitAt));
                continue;
            }
            long bytes = conversation.get().totalBytes();
            double ops = number(row.get(scoreAt));
            double error = number(row.get(errorAt));
            System.out.printf(Locale.ROOT, "%-18s %,12d %22s %20s%n", name, bytes,
                    String.format(Locale.ROOT, "%.2f ± %.2f", ops, error),
                    String.format(Locale.ROOT, "%.1f ± %.1f", ops * bytes / 1e6, error * bytes / 1e6));
        }
    }

    /** JMH writes the score with the JVM's locale; accept a decimal comma. */
    private static double number(String s) {
        return s.equals("NaN") ? Double.NaN : Double.parseDouble(s.replace(',', '.'));
    }

    /** One CSV line: fields separated by commas, quoted fields may contain commas. */
    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString());
        return out;
    }
}
