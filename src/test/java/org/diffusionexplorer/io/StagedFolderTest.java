package org.diffusionexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StagedFolderTest {
    @TempDir
    Path dir;

    private List<String> names(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(q -> q.getFileName().toString()).sorted().toList();
        }
    }

    private void fill(Path folder, int n) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < n; i++) Files.writeString(folder.resolve("f" + i), "old " + i);
    }

    @Test
    void commitReplacesTheEarlierFolderWholeAndLeavesNothingHidden() throws Exception {
        Path out = dir.resolve("out");
        fill(out, 20);
        try (StagedFolder s = StagedFolder.begin(out, "--out", n -> true)) {
            assertEquals(20, names(out).size(), "the earlier output stays until the commit");
            for (int i = 0; i < 5; i++) Files.writeString(s.dir().resolve("f" + i), "new " + i);
            s.commit();
        }
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), names(out));
        assertEquals("new 3", Files.readString(out.resolve("f3")));
        assertEquals(List.of("out"), names(dir), "no staging, old folder or lock file left");
    }

    @Test
    void withoutCommitTheEarlierOutputStaysAsItWas() throws Exception {
        Path out = dir.resolve("out");
        fill(out, 3);
        try (StagedFolder s = StagedFolder.begin(out, "--out", n -> true)) {
            Files.writeString(s.dir().resolve("half"), "x");
        }
        assertEquals(List.of("f0", "f1", "f2"), names(out));
        assertEquals(List.of("out"), names(dir));
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheFolder() throws Exception {
        Path out = dir.resolve("out");
        try (StagedFolder first = StagedFolder.begin(out, "--out", n -> true)) {
            InputException e = assertThrows(InputException.class, () -> StagedFolder.begin(out, "--out", n -> true));
            assertTrue(e.getMessage().contains("in use by another diffusion-explorer process"), e.getMessage());
            assertThrows(InputException.class, () -> OutputLock.acquire(out, "--out"));
            assertTrue(Files.isDirectory(first.dir()), "the refused writer did not touch the first one's staging");
        }
        // free again afterwards
        try (OutputLock l = OutputLock.acquire(out, "--out")) {
            assertTrue(Files.exists(OutputLock.lockFile(out)));
        }
        assertFalse(Files.exists(OutputLock.lockFile(out)), "the lock file goes with the lock");
    }

    @Test
    void leftoversOfAKilledRunAreRemovedAndAnOldFolderPutBack() throws Exception {
        Path out = dir.resolve("out");
        // a run killed between the two renames: the target is gone, its old folder aside; plus a staging folder
        // and a temporary file of processes that no longer exist (pid 2^31 - 2 is not a running process here)
        long dead = Integer.MAX_VALUE - 1;
        fill(dir.resolve(".out.old-" + dead + "-abc"), 4);
        fill(dir.resolve(".out.partial-" + dead + "-def"), 7);
        fill(dir.resolve(".out.partial-oldversion"), 1);
        Files.writeString(dir.resolve(".grid.png." + dead + "-x.part"), "half");
        // a live process's staging is not touched
        Path live = dir.resolve(".out.partial-" + ProcessHandle.current().pid() + "-live");
        Files.createDirectories(live);
        StagedFolder.recover(out);
        assertEquals(List.of("f0", "f1", "f2", "f3"), names(out), "the old output is back");
        assertEquals(List.of(".grid.png." + dead + "-x.part", live.getFileName().toString(), "out"), names(dir));
        AtomicFiles.writeString(dir.resolve("grid.png"), "new");
        assertFalse(Files.exists(dir.resolve(".grid.png." + dead + "-x.part")), "the next write of the file removes its leftover");
    }

    @Test
    void aFolderHoldingOtherFilesIsNotReplaced() throws Exception {
        Path out = dir.resolve("docs");
        fill(out, 2);
        Files.writeString(out.resolve("thesis.tex"), "precious");
        InputException e = assertThrows(InputException.class, () -> StagedFolder.begin(out, "--out", n -> n.startsWith("f")));
        assertTrue(e.getMessage().contains("thesis.tex"), e.getMessage());
        assertEquals(List.of("f0", "f1", "thesis.tex"), names(out));
        assertEquals(List.of("docs"), names(dir));
    }

    @Test
    void anUnwritablePlaceFailsUpFrontNamingTheTargetNotATemporaryFile() {
        Path target = Path.of("/proc/de-test-out");
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.begin(Path.of("/proc/foo.json")));
        assertTrue(e.getMessage().startsWith("cannot write /proc/foo.json: "), e.getMessage());
        assertFalse(e.getMessage().contains(".part"), e.getMessage());
        Exception f = assertThrows(Exception.class, () -> StagedFolder.begin(target, "--out", n -> true));
        assertTrue(f.getMessage().contains("/proc/de-test-out") && !f.getMessage().contains("partial"), f.getMessage());
    }
}
