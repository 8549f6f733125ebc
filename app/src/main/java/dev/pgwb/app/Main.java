package dev.pgwb.app;

import dev.pgwb.app.cli.PgwbCommand;
import picocli.CommandLine;

/**
 * The one launcher, {@code pgwb}. Without arguments it will open the workbench window; with a
 * sub-command ({@code decode}, ...) it runs that on the command line and exits with its code.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            openWorkbench();
            return;
        }
        System.exit(run(args));
    }

    /** No arguments: the Swing workbench opens here once it exists; until then, the usage. */
    static void openWorkbench() {
        commandLine().usage(System.out);
    }

    /** Runs one command line in-process and returns its exit code (0 ok, 2 bad input or usage). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree; tests set its out/err writers before {@link CommandLine#execute}. */
    public static CommandLine commandLine() {
        return PgwbCommand.commandLine();
    }
}
