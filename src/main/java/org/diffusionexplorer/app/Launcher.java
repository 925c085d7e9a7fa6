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
        if (Relauncher.wanted(args)) {
            Integer code = Relauncher.run(args);
            if (code != null) System.exit(code);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("--ui")) {
            // the window harnesses; cli/ never loads JavaFX, so this one is dispatched here
            if (args.length != 3 || !args[2].equals("generate")) {
                System.err.println("error: bench --ui takes 'generate' in this build (the scrub and edit harnesses run with "
                        + "-Ddiffusionexplorer.scrubBenchmark=SIZE / -Ddiffusionexplorer.editBenchmark=T)");
                System.exit(2);
            }
            System.setProperty(DiffusionExplorerApp.GENERATE_BENCHMARK, "true");
            args = new String[0];
        }
        // no arguments, or one existing file or folder that is not a command (a desktop's "open with"): the window
        boolean fileArg = args.length == 1 && !args[0].startsWith("-") && !Cli.isCommand(args[0]) && java.nio.file.Files.exists(java.nio.file.Path.of(args[0]));
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
