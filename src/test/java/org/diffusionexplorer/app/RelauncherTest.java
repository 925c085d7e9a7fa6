package org.diffusionexplorer.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelauncherTest {
    /** Serves the text in reads of at most `chunk` bytes, as a pipe may. */
    private static InputStream chunked(String text, int chunk) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int pos;

            @Override public int read() {
                return pos < b.length ? b[pos++] & 0xff : -1;
            }

            @Override public int read(byte[] dst, int off, int len) {
                if (pos >= b.length) return -1;
                int n = Math.min(Math.min(len, chunk), b.length - pos);
                System.arraycopy(b, pos, dst, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static String pumped(String text, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Relauncher.pumpStderr(chunked(text, chunk), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theIncubatorWarningIsDroppedAndEverythingElsePassesThrough() {
        String rest = "training fashion-mnist: 60000 items\n\rtrain 1/10 [>   ]\rtrain 2/10 [=>  ]\nstopped at step 2\n";
        for (int chunk : new int[]{1, 3, 7, 8192}) {
            assertEquals(rest, pumped(Relauncher.WARNING + "\n" + rest, chunk), "chunk " + chunk);
            assertEquals(rest, pumped(rest, chunk), "no warning, chunk " + chunk);
        }
        // only the exact first line is dropped
        String other = "WARNING: Using incubator modules: something.else\n" + rest;
        assertEquals(other, pumped(other, 5));
        String prefix = "WARNING: Using inc";
        assertEquals(prefix, pumped(prefix, 4), "a prefix at the end of the stream is not lost");
        String later = rest + Relauncher.WARNING + "\n";
        assertEquals(later, pumped(later, 9), "the warning is only dropped as the first line");
    }

    @Test
    void theChildRunsTheSameClassWithTheModuleAndTheSameArguments() {
        List<String> cmd = Relauncher.command(new String[]{"train", "--steps", "10 000"});
        assertTrue(cmd.get(0).endsWith("java"));
        assertTrue(cmd.contains("--add-modules=" + Relauncher.MODULE));
        assertTrue(cmd.contains("-Dde.relaunched=true"));
        int cp = cmd.indexOf("-cp");
        assertTrue(cp > 0);
        assertEquals(System.getProperty("java.class.path"), cmd.get(cp + 1));
        assertEquals(List.of(Launcher.class.getName(), "train", "--steps", "10 000"), cmd.subList(cp + 2, cmd.size()));
        // the tests already run with the module: no restart
        assertFalse(Relauncher.wanted());
    }

    @Test
    void aCommandKeepsItsHeapTheWindowDoesNot() {
        assertTrue(Relauncher.command(new String[]{"train", "--steps", "10"}).contains("-XX:MaxHeapFreeRatio=100"));
        assertFalse(Relauncher.command(new String[0]).contains("-XX:MaxHeapFreeRatio=100"));
        assertFalse(Relauncher.command(new String[]{"picture.png"}).contains("-XX:MaxHeapFreeRatio=100"));
        // the JVM's own options come after it, so a user's -XX:MaxHeapFreeRatio wins
        List<String> cmd = Relauncher.command(new String[]{"bench"});
        List<String> own = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!own.isEmpty()) assertTrue(cmd.indexOf("-XX:MaxHeapFreeRatio=100") < cmd.indexOf(own.get(0)));
    }
}
