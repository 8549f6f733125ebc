package dev.pgwb.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command, {@code pgwb}: only sub-commands do work. */
@Command(name = "pgwb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "PG Wire Workbench: see, understand and reproduce the PostgreSQL wire protocol.",
        subcommands = {DecodeCommand.class, ConvertCommand.class, RelayCommand.class, RunCommand.class, SandboxCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Without a command, pgwb opens the workbench window."})
public final class PgwbCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The whole command tree, configured as every entry point (launcher, tests) should see it. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command tree with sub-commands made by {@code factory} (tests give {@code run} its environment this way). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new PgwbCommand(), factory);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            // A usage mistake: the reason and where to read more, not the whole help.
            CommandLine bad = ex.getCommandLine();
            PrintWriter err = bad.getErr();
            err.println(bad.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            err.println("Try '" + bad.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return bad.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A bug, not bad input: say so in one line; the stack trace only when asked for.
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": internal error: " + ex
                    + (Boolean.getBoolean("pgwb.debug") ? "" : " (run with -Dpgwb.debug=true for details)"));
            if (Boolean.getBoolean("pgwb.debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }
}
