package dev.pgwb.protocol.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Wireshark's {@code tshark} (Debian package {@code tshark}; {@code .ci/run} installs it) on a
 * capture. Tests that need it fail with a clear message when it is missing: an export checked by
 * nobody must not pass.
 */
public final class Tshark {
    private Tshark() {
    }

    /** The output of {@code tshark -r capture args...}, with TCP and IPv4 checksum validation on. */
    public static List<String> read(Path capture, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable(), "-n", "-r", capture.toString(),
                "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("tshark", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark took over 2 minutes: " + cmd);
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("Running as user \"root\"")).toList();
            if (p.exitValue() != 0) {
                throw new AssertionError("tshark failed (" + p.exitValue() + "): " + cmd + "\n" + String.join("\n", lines));
            }
            return lines;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code tshark} on the PATH, or an AssertionError saying how to install it. */
    public static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "tshark");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("tshark is not installed, and the pcapng export is verified by it: install it "
                + "(Debian/Ubuntu: apt-get install tshark; .ci/run does this) and run the tests again");
    }
}
