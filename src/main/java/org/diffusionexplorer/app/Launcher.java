package org.diffusionexplorer.app;

import org.diffusionexplorer.app.harness.Harnesses;
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
        if (Harnesses.isUiBench(args)) {
            // the window harnesses (cli/ never loads JavaFX, so they are dispatched here); each prints one JSON line
            String problem = Harnesses.select(args);
            if (problem != null) {
                System.err.println("error: " + problem);
                System.exit(2);
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
