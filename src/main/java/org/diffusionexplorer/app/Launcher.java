package org.diffusionexplorer.app;

import org.diffusionexplorer.cli.Cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the jar. With no arguments it opens the window; with a command it runs the CLI and never touches
 * JavaFX. A plain class (not an Application subclass) so the classpath launch works (STACK.md). Started without the
 * Vector API module, it first restarts the JVM with it ({@link Relauncher}).
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        ParentWatch.startIfChild();
        // an OutOfMemoryError in a thread of ours (a view's task, a worker) is one line, not a trace
        Thread.UncaughtExceptionHandler fallback = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof OutOfMemoryError) System.err.println("error: " + Cli.outOfMemory("the " + t.getName() + " thread"));
            else if (fallback != null) fallback.uncaughtException(t, e);
            else {
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace();
            }
        });
        if (Relauncher.wanted(args)) {
            Integer code = Relauncher.run(args);
            if (code != null) System.exit(code);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("--ui")) {
            // the window harnesses (cli/ never loads JavaFX, so they are dispatched here); each prints one JSON line
            String usage = "usage: bench --ui scrub [--size PX] | edit [--T STEPS] | generate";
            if (args.length < 3) {
                System.err.println("error: " + usage);
                System.exit(2);
            }
            String harness = args[2];
            Integer value = null;
            if (args.length == 5 && (args[3].equals("--size") && harness.equals("scrub") || args[3].equals("--T") && harness.equals("edit"))) {
                try {
                    value = Integer.parseInt(args[4]);
                } catch (NumberFormatException e) {
                    value = -1;
                }
            } else if (args.length != 3) {
                System.err.println("error: " + usage);
                System.exit(2);
            }
            switch (harness) {
                case "scrub" -> {
                    int size = value == null ? 1024 : value;
                    if (size < 16 || size > 4096) { System.err.println("error: --size must be 16..4096"); System.exit(2); }
                    System.setProperty("diffusionexplorer.scrubBenchmark", Integer.toString(size));
                }
                case "edit" -> {
                    int t = value == null ? 1000 : value;
                    if (t < 10 || t > 100_000) { System.err.println("error: --T must be 10..100000"); System.exit(2); }
                    System.setProperty("diffusionexplorer.editBenchmark", Integer.toString(t));
                }
                case "generate" -> System.setProperty(DiffusionExplorerApp.GENERATE_BENCHMARK, "true");
                default -> {
                    System.err.println("error: unknown harness '" + harness + "'; " + usage);
                    System.exit(2);
                }
            }
            args = new String[0];
        }
        // no arguments, or one existing file or folder that is not a command (a desktop's "open with"): the window
        boolean fileArg = args.length == 1 && !args[0].startsWith("-") && !Cli.isCommand(args[0]) && Files.exists(Path.of(args[0]));
        if (args.length == 1 && !fileArg && !args[0].startsWith("-") && !Cli.isCommand(args[0]) && (args[0].contains(".") || args[0].contains("/"))) {
            System.err.println("error: no such file or folder: " + args[0] + " (and no command of that name; see --help)");
            System.exit(Cli.EXIT_BAD_INPUT);
        }
        if (args.length == 0 || fileArg) {
            String problem = GuiLauncher.displayProblem();
            if (problem != null) {
                System.err.println(problem);
                System.exit(1);
            }
            GuiLauncher.launch(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
