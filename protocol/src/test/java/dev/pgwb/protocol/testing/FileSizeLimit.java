package dev.pgwb.protocol.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A file system that fills up, for this test JVM: lowers its {@code RLIMIT_FSIZE} (what
 * {@code ulimit -f} sets) with util-linux's {@code prlimit} until closed. A write that would make a
 * file larger fails with EFBIG ("File too large"), as a full disk fails with ENOSPC: the JVM ignores
 * SIGXFSZ, so the write returns the error to the caller. Only the soft limit changes, so no root is
 * needed, and it goes back to what it was. Files already larger than the limit cannot grow either:
 * keep the window short and the limit above the other files the test writes.
 */
public final class FileSizeLimit implements AutoCloseable {
    private final String pid;
    private final String previous;

    private FileSizeLimit(String pid, String previous) {
        this.pid = pid;
        this.previous = previous;
    }

    /** From now on no file this JVM writes may grow beyond {@code bytes}. */
    public static FileSizeLimit of(long bytes) throws IOException, InterruptedException {
        String pid = Long.toString(ProcessHandle.current().pid());
        String previous = prlimit(pid, "--fsize", "--output=SOFT", "--noheadings", "--raw").strip();
        prlimit(pid, "--fsize=" + bytes + ":");
        return new FileSizeLimit(pid, previous);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        prlimit(pid, "--fsize=" + previous + ":");
    }

    private static String prlimit(String pid, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "prlimit";
        command[1] = "--pid";
        command[2] = pid;
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (util-linux's prlimit is needed): " + out.strip());
        }
        return out;
    }
}
