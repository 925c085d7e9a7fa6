package org.diffusionexplorer.io;

import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 14, the smaller ones. */
class SmallDefectsTest {
    @TempDir
    Path dir;

    @Test
    void recentFilesAreCappedOnLoad() throws Exception {
        StringBuilder sb = new StringBuilder("{\"recent_files\":[");
        for (int i = 0; i < 5000; i++) sb.append(i == 0 ? "" : ",").append("\"/tmp/f").append(i % 2000).append(".png\"");
        sb.append(",null]}");
        Path f = dir.resolve("settings.json");
        Files.writeString(f, sb.toString());
        Settings s = Settings.load(f);
        assertEquals(Settings.MAX_RECENT, s.recentFiles().size());
        assertEquals(Path.of("/tmp/f0.png"), s.recentFiles().get(0));
    }

    @Test
    void aFinishedModelIsInstalledWholeReplacingAnEarlierOne() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("run/bundle")), dest = dir.resolve("models/m");
        Files.writeString(bundle.resolve("model.json"), "new");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("model.json"), "old");
        Files.writeString(dest.resolve("stale.txt"), "old");
        org.diffusionexplorer.io.bundle.ModelBundle.install(bundle, dest);
        try (var s = Files.list(dest)) {
            assertEquals(java.util.List.of("model.json"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("new", Files.readString(dest.resolve("model.json")));
        try (var s = Files.list(dir.resolve("models"))) {
            assertEquals(java.util.List.of("m"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aModelWhoseRewriteWasKilledBetweenTheRenamesComesBack() throws Exception {
        long dead = Integer.MAX_VALUE - 1;
        Path models = Files.createDirectories(dir.resolve("models"));
        Path old = Files.createDirectories(models.resolve(".mine.old-" + dead + "-x"));
        Files.writeString(old.resolve("model.json"), "{}");
        String before = System.getProperty("diffusionexplorer.pretrained");
        System.setProperty("diffusionexplorer.pretrained", models.toString());
        try {
            assertTrue(ModelRegistry.list().containsKey("mine"));
            assertTrue(Files.isRegularFile(models.resolve("mine/model.json")));
            assertFalse(Files.exists(old));
        } finally {
            if (before == null) System.clearProperty("diffusionexplorer.pretrained");
            else System.setProperty("diffusionexplorer.pretrained", before);
        }
    }
}
