package dev.pgwb.app;

import dev.pgwb.app.cli.PgwbCommand;
import picocli.CommandLine;

/**
 * The one launcher, {@code pgwb}. Without arguments it opens the workbench window; with a
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

    /** No arguments: the Swing workbench; on a machine without a display, the usage instead. */
    static void openWorkbench() {
        if (java.awt.GraphicsEnvironment.isHeadless()) {
            System.err.println("pgwb: no display to open the workbench window on; the command line works without one:");
            commandLine().usage(System.err);
            System.exit(2);
        }
        dev.pgwb.app.ui.Workbench.open();
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
