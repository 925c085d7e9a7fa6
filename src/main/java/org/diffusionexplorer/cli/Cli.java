package org.diffusionexplorer.cli;

import org.diffusionexplorer.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The headless command line. Exit codes: 0 success, 2 bad usage or bad input (one line on stderr), 1 an unexpected
 * failure (one line; the stack trace with --verbose), 130 cancelled.
 */
@Command(name = "diffusion-explorer", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "See and play with diffusion models. Without a command, opens the window.",
        subcommands = {ScheduleCommand.class, ForwardCommand.class, SampleCommand.class, TrainCommand.class, ExportCommand.class, ModelsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Cli implements Runnable {
    public static final int EXIT_OK = 0, EXIT_FAILURE = 1, EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    /** Whether a word is one of the commands (schedule, forward, sample, …). */
    public static boolean isCommand(String word) {
        return new CommandLine(new Cli()).getSubcommands().containsKey(word);
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            CommandLine at = ex.getCommandLine();
            err.println("try: diffusion-explorer " + (at.getParent() == null ? "" : at.getCommandName() + " ") + "--help");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            if (verbose) ex.printStackTrace(err);
            if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof java.io.IOException && String.valueOf(ex.getMessage()).contains("No space left on device")) {
                err.println("error: the disk is full (" + ex.getMessage() + "); nothing half-written was kept: free some space and run the command again"
                        + (java.util.Arrays.asList(args).contains("train") ? " with --resume to continue from the last checkpoint" : ""));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof java.util.concurrent.CancellationException) {
                err.println("cancelled");
                return 130;
            }
            String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("error: " + m + (verbose ? "" : " (run with --verbose for details)"));
            return EXIT_FAILURE;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[]{"Diffusion Explorer " + (v == null ? "(development build)" : v)};
        }
    }
}
