package org.diffusionexplorer.app;

import org.diffusionexplorer.cli.Cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts the JVM with {@code --add-modules jdk.incubator.vector} when {@code java -jar} started it without: the
 * engine's convolution kernels are written with the Vector API (an incubator module in Java 17), which makes a
 * training step about twice as fast on AVX-512 CPUs, and a jar manifest cannot add a module. The child inherits
 * the terminal (stdin, stdout, and so whether progress bars are drawn), the environment and the JVM options; its
 * stderr passes through, less the one "Using incubator modules" line the JVM prints at start. A SIGTERM to this
 * process is passed on, so a training run still saves its checkpoint. The exit code is the child's. The child
 * watches this process and exits (as on SIGTERM) when it is gone, e.g. after {@code kill -9} ({@link ParentWatch}).
 *
 * Off with {@code -Dde.relaunch=false}, {@code --engine blas|samediff} or the environment variable
 * {@code DIFFUSION_EXPLORER_NO_RELAUNCH=1}; never done twice.
 */
final class Relauncher {
    static final String MODULE = "jdk.incubator.vector";
    static final String WARNING = "WARNING: Using incubator modules: " + MODULE;

    private Relauncher() {
    }

    static boolean wanted() {
        return wanted(new String[0]);
    }

    /** Not when the module is there already, or when --engine blas|samediff makes it unnecessary. */
    static boolean wanted(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = a.startsWith("--engine=") ? a.substring(9) : a.equals("--engine") && i + 1 < args.length ? args[i + 1] : null;
            if (v != null && !v.trim().equalsIgnoreCase("vector")) return false;
        }
        if (ModuleLayer.boot().findModule(MODULE).isPresent()) return false;
        if (!systemHasModule()) return false;
        if (Boolean.getBoolean("de.relaunched") || "false".equals(System.getProperty("de.relaunch"))) return false;
        String env = System.getenv("DIFFUSION_EXPLORER_NO_RELAUNCH");
        return env == null || env.isEmpty() || env.equals("0");
    }

    /** Whether this Java runtime has the module at all (a jlinked runtime may not). */
    private static boolean systemHasModule() {
        return ModuleFinder.ofSystem().find(MODULE).isPresent();
    }

    /** The child's command line: this JVM's binary and options, plus the module, then the same class and arguments. */
    static List<String> command(String[] args) {
        List<String> cmd = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        cmd.add(Files.isExecutable(java) ? java.toString() : "java");
        cmd.add("--add-modules=" + MODULE);
        cmd.add("-Dde.relaunched=true");
        cmd.add("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid()); // the child dies with us
        // a command (not the window): keep the heap it has grown to. G1 gives memory back after its concurrent
        // cycles, which the engine's large activations start, and touching it again cost page faults that made
        // some training steps ~30% slower on these virtual machines (`bench` rounds of ~500 against ~385 ms).
        // Options given to java come after, so they still win.
        if (args.length > 0 && Cli.isCommand(args[0])) cmd.add("-XX:MaxHeapFreeRatio=100");
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Launcher.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the child and returns its exit code, or null when it could not be started (then run in this JVM). */
    static Integer run(String[] args) {
        Process child;
        try {
            child = new ProcessBuilder(command(args))
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Thread pump = new Thread(() -> pumpStderr(child.getErrorStream(), System.err), "relaunch-stderr");
        pump.setDaemon(true);
        pump.start();
        Thread forward = new Thread(() -> {
            if (child.isAlive()) {
                // SIGTERM through the handle: Process.destroy() would also close our end of the child's stderr and
                // lose its last lines
                child.toHandle().destroy();
                try {
                    child.waitFor();
                    pump.join(2000); // the child's last words ("checkpoint saved") before this JVM halts
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "relaunch-forward-signal");
        Runtime.getRuntime().addShutdownHook(forward);
        try {
            int code = child.waitFor();
            pump.join(2000);
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(forward);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook runs
            }
        }
    }

    /** Copies the child's stderr as it comes (progress bars redraw with \r), dropping the JVM's incubator warning. */
    static void pumpStderr(InputStream in, OutputStream out) {
        byte[] buf = new byte[8192], warning = (WARNING + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        boolean checking = true;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                int from = 0;
                if (checking) {
                    // hold bytes back while they could still be the warning line
                    int i = 0;
                    while (i < n && head.size() < warning.length && buf[i] == warning[head.size()]) head.write(buf[i++]);
                    if (head.size() == warning.length) {
                        checking = false;
                        from = i;
                    } else if (i == n) {
                        continue;
                    } else {
                        checking = false;
                        head.writeTo(out);
                        from = i;
                    }
                }
                out.write(buf, from, n - from);
                out.flush();
            }
            if (checking) head.writeTo(out);
            out.flush();
        } catch (IOException ignored) {
            // the child or our stderr went away
        }
    }
}
