package org.diffusionexplorer.app;

import org.diffusionexplorer.cli.Cli;

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
        if (Relauncher.wanted()) {
            Integer code = Relauncher.run(args);
            if (code != null) System.exit(code);
        }
        if (args.length == 0) {
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
