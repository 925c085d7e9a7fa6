package org.diffusionexplorer.cli;

import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.OutputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;

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
            boolean verbose = Arrays.asList(args).contains("--verbose");
            if (verbose) ex.printStackTrace(err);
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) { // from a worker thread, wrapped
                    err.println("error: " + outOfMemory(parsed.subcommand() != null ? parsed.subcommand().commandSpec().name() : "this command"));
                    return EXIT_BAD_INPUT;
                }
            }
            if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof IOException io && (String.valueOf(io.getMessage()).contains("No space left on device")
                    || (io.getCause() != null && String.valueOf(io.getCause().getMessage()).contains("No space left on device")))) {
                err.println("error: the disk is full (" + oneLine(io.getMessage()) + "); nothing half-written was kept: free some space and run the command again"
                        + (Arrays.asList(args).contains("train") ? " with --resume to continue from the last checkpoint" : ""));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof OutputException) {
                err.println("error: " + oneLine(ex.getMessage()));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof IOException io) {
                // every I/O failure is the environment's (a file, a folder, a disk): say what and where
                String where = io instanceof FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
                err.println("error: input/output failure" + where + ": " + OutputException.reason(io));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof CancellationException) {
                err.println("cancelled");
                return 130;
            }
            String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("error: " + m + (verbose ? "" : " (run with --verbose for details)"));
            return EXIT_FAILURE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            if (Arrays.asList(args).contains("--verbose")) e.printStackTrace(err);
            err.println("error: " + outOfMemory(args.length > 0 ? args[0] : "this command"));
            return EXIT_BAD_INPUT;
        }
    }

    /** One line for an OutOfMemoryError: what ran out and how to give it more. */
    public static String outOfMemory(String what) {
        double gb = Runtime.getRuntime().maxMemory() / 1e9;
        return String.format(Locale.ROOT, "not enough memory for %s: the JVM has %.1f GB; try smaller inputs (--count, --batch, --size),"
                + " or give Java more memory (java -Xmx%dg -jar …)", what, gb, Math.max(2, (int) Math.ceil(gb * 2)));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[]{"Diffusion Explorer " + (v == null ? "(development build)" : v)};
        }
    }
}
