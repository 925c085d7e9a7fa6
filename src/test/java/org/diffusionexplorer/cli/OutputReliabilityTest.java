package org.diffusionexplorer.cli;

import org.diffusionexplorer.io.OutputLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs are written whole, locked, and every failure to write is exit 2 with one line. */
class OutputReliabilityTest {
    @TempDir
    Path dir;

    private Path image(String name) throws Exception {
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) for (int x = 0; x < 12; x++) img.setRGB(x, y, x * 20 << 16 | y * 25 << 8 | 77);
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static List<String> names(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(q -> q.getFileName().toString()).sorted().toList();
        }
    }

    private static void oneLine(CliTestSupport.Result r) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aSmallerRerunReplacesTheOutputWhole() throws Exception {
        Path img = image("a.png"), out = dir.resolve("s");
        var r = CliTestSupport.run("sample", "--model", "empirical:" + img, "--size", "12", "--steps", "2", "--count", "7", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(7, names(out).size());
        r = CliTestSupport.run("sample", "--model", "empirical:" + img, "--size", "12", "--steps", "2", "--count", "2", "--out", out.toString(),
                "--grid", dir.resolve("g.png").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("sample_0000.png", "sample_0001.png"), names(out));
        assertEquals(List.of("a.png", "g.png", "s"), names(dir), "nothing hidden left beside the output");
    }

    @Test
    void aLockedOutputIsRefusedWithOneLineAndLeftAlone() throws Exception {
        Path img = image("a.png"), out = dir.resolve("s");
        try (OutputLock held = OutputLock.acquire(out, "--out")) {
            var r = CliTestSupport.run("sample", "--model", "empirical:" + img, "--size", "12", "--steps", "2", "--count", "2", "--out", out.toString());
            oneLine(r);
            assertTrue(r.err().contains("in use"), r.err());
            r = CliTestSupport.run("forward", "--image", img.toString(), "--t", "0,5", "--out", out.toString());
            oneLine(r);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aSecondTrainingOnTheSameFolderIsRefused() throws Exception {
        Path run = dir.resolve("run");
        try (OutputLock held = OutputLock.acquire(run, "the run folder")) {
            var r = CliTestSupport.run("train", "--data", "toy:moons", "--out", run.toString(), "--steps", "5", "--batch", "8",
                    "--model-size", "tiny", "--diffusion-steps", "20");
            oneLine(r);
            assertTrue(r.err().contains("in use"), r.err());
            assertFalse(Files.exists(run.resolve("loss.csv")));
        }
    }

    @Test
    void forwardRefusesAnOutputFolderHoldingItsInput() throws Exception {
        Path out = Files.createDirectories(dir.resolve("pics"));
        Path img = image("pics/x_0.png");
        var r = CliTestSupport.run("forward", "--image", img.toString(), "--t", "0", "--out", out.toString());
        oneLine(r);
        assertTrue(Files.exists(img));
        // a folder with files forward did not write is not replaced
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "keep");
        r = CliTestSupport.run("forward", "--image", image("b.png").toString(), "--t", "0", "--out", other.toString());
        oneLine(r);
        assertEquals(List.of("notes.txt"), names(other));
    }

    @Test
    void unwritableOutputsAreExit2WithASentenceAndNoTemporaryName() throws Exception {
        var r = CliTestSupport.run("schedule", "--preset", "linear", "--out", "/proc/foo.json");
        oneLine(r);
        assertTrue(r.err().contains("cannot write /proc/foo.json"), r.err());
        assertFalse(r.err().contains(".part"), r.err());
        r = CliTestSupport.run("forward", "--image", image("c.png").toString(), "--t", "0", "--out", "/proc/foo");
        oneLine(r);
        assertTrue(r.err().contains("/proc/foo") && !r.err().contains("partial"), r.err());
    }
}
