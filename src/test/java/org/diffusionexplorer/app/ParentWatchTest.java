package org.diffusionexplorer.app;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParentWatchTest {
    @Test
    void theWatchFiresWhenTheWatchedProcessIsKilledAndNotBefore() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        CountDownLatch gone = new CountDownLatch(1);
        Thread t = ParentWatch.watch(p.toHandle(), 20, gone::countDown);
        assertFalse(gone.await(300, TimeUnit.MILLISECONDS), "fired while the process lives");
        p.destroyForcibly(); // SIGKILL, as kill -9
        assertTrue(gone.await(30, TimeUnit.SECONDS), "did not notice the process ended");
        t.join(5000);
        assertFalse(t.isAlive());
    }

    @Test
    void theChildIsToldWhoItsParentIs() {
        List<String> cmd = Relauncher.command(new String[]{"models"});
        assertTrue(cmd.contains("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid()));
        // the property comes before the main class, so it is a JVM option, not an argument
        assertTrue(cmd.indexOf("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid()) < cmd.indexOf(Launcher.class.getName()));
        assertEquals(143, ParentWatch.EXIT_PARENT_GONE);
    }
}
