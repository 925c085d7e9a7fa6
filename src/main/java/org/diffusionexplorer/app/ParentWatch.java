package org.diffusionexplorer.app;

import java.util.Optional;

/**
 * Ties the restarted JVM's life to the JVM that started it ({@link Relauncher}). The parent passes its pid as
 * {@code -Dde.parent.pid}; the child polls that process (a {@link ProcessHandle} also compares the start time, so a
 * reused pid does not count as the parent) and, once it is gone — {@code kill -9}, a crash, a closed terminal —
 * exits with 143 as on SIGTERM: the shutdown hooks run, so a training run saves its checkpoint and stops, a sample
 * run stops before its output is swapped in. Without this the child was an orphan that kept writing.
 *
 * Polling rather than {@code ProcessHandle.onExit()}: for a process that is not our child the JDK polls too, with a
 * back-off that grows to seconds; here the delay stays at {@link #INTERVAL_MS}.
 */
final class ParentWatch {
    static final String PROPERTY = "de.parent.pid";
    static final long INTERVAL_MS = 200;
    /** The exit status of a process ended by SIGTERM. */
    static final int EXIT_PARENT_GONE = 143;

    private ParentWatch() {
    }

    /** In a restarted child: starts watching the parent named by -Dde.parent.pid (or exits now if it is already gone). */
    static void startIfChild() {
        String pid = System.getProperty(PROPERTY);
        if (pid == null || pid.isBlank()) return;
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            return;
        }
        // our parent now must be that process: if it died before we got here we were re-parented already
        long actual = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        if (parent.isEmpty() || !parent.get().isAlive() || actual != parent.get().pid()) {
            System.exit(EXIT_PARENT_GONE);
        }
        watch(parent.get(), INTERVAL_MS, () -> System.exit(EXIT_PARENT_GONE));
    }

    /** Runs onGone (once, on a daemon thread) when the process ends. Returns the watching thread. */
    static Thread watch(ProcessHandle process, long intervalMs, Runnable onGone) {
        Thread t = new Thread(() -> {
            try {
                while (process.isAlive()) Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return; // stopped on purpose
            }
            onGone.run();
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
