package org.diffusionexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export command: the documented invocations, bad options, and kills that leave nothing behind. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private static int gifFrames(Path p) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            return r.getNumImages(true);
        }
    }

    @Test
    void forwardInEveryFormat() throws Exception {
        for (String f : List.of("gif", "apng", "mp4", "webm")) {
            Path out = dir.resolve("f." + (f.equals("apng") ? "png" : f));
            var r = CliTestSupport.run("export", "--source", "forward", "--size", "64", "--preset", "cosine", "--t", "0:999:50",
                    "--fps", "25", "--format", f, "--out", out.toString());
            assertEquals(0, r.exit(), f + ": " + r.err());
            assertTrue(Files.size(out) > 1000, f);
        }
        assertEquals(20, gifFrames(dir.resolve("f.gif")), "0:999:50 is 20 values, stop excluded");
        Path frames = dir.resolve("frames");
        var r = CliTestSupport.run("export", "--source", "forward", "--size", "32", "--t", "0,250,999", "--format", "frames", "--out", frames.toString());
        assertEquals(0, r.exit(), r.err());
        try (var s = Files.list(frames)) {
            assertEquals(List.of("frame_0000.png", "frame_0001.png", "frame_0002.png"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path sheet = dir.resolve("sheet.png");
        r = CliTestSupport.run("export", "--source", "forward", "--size", "32", "--t", "0:1000:100", "--format", "sheet", "--out", sheet.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(ImageIO.read(sheet.toFile()).getWidth() > 3 * 32);
    }

    @Test
    void reverseGridAndParticles() throws Exception {
        Path rev = dir.resolve("r.gif");
        var r = CliTestSupport.run("export", "--source", "reverse", "--model", "fashion-mnist", "--sampler", "ddim", "--steps", "5",
                "--count", "4", "--seed", "1", "--layout", "grid", "--format", "gif", "--out", rev.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(6, gifFrames(rev), "one frame per grid point 0..N");
        BufferedImageSize s = size(rev);
        assertEquals(2 * 28 * 8 + 2, s.w, "2×2 grid of 28 px at ×8 with a 2 px gap");
        Path single = dir.resolve("one.gif");
        r = CliTestSupport.run("export", "--source", "reverse", "--model", "fashion-mnist", "--steps", "4", "--count", "2", "--layout", "single",
                "--index", "1", "--sampler", "ddim,euler", "--format", "gif", "--out", single.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(5, gifFrames(single), "two samplers side by side");
        Path moons = dir.resolve("moons.gif");
        r = CliTestSupport.run("export", "--source", "particles", "--model", "toy-moons", "--sampler", "dpmpp-2m", "--steps", "10",
                "--count", "300", "--trails", "--format", "gif", "--out", moons.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(11, gifFrames(moons));
    }

    private record BufferedImageSize(int w, int h) {
    }

    private static BufferedImageSize size(Path p) throws Exception {
        var img = ImageIO.read(p.toFile());
        return new BufferedImageSize(img.getWidth(), img.getHeight());
    }

    @Test
    void badOptionsExitTwoWithOneLineAndWriteNothing() throws Exception {
        String out = dir.resolve("x.gif").toString();
        List<String[]> bad = List.of(
                new String[]{"export", "--source", "forward", "--format", "xyz", "--out", out},
                new String[]{"export", "--source", "forward", "--fps", "0", "--out", out},
                new String[]{"export", "--source", "forward", "--fps", "121", "--out", out},
                new String[]{"export", "--source", "sideways", "--out", out},
                new String[]{"export", "--source", "forward", "--t", "5:5", "--out", out},
                new String[]{"export", "--source", "forward", "--t", "0:2000", "--out", out},
                new String[]{"export", "--source", "forward", "--out", dir.resolve("no/such/folder/x.gif").toString()},
                new String[]{"export", "--source", "forward", "--out", dir.resolve("noext").toString()},
                new String[]{"export", "--source", "reverse", "--out", out},
                new String[]{"export", "--source", "particles", "--model", "fashion-mnist", "--out", out},
                new String[]{"export", "--source", "reverse", "--model", "no-such-model", "--out", out},
                new String[]{"export", "--source", "forward", "--image", dir.resolve("missing.png").toString(), "--out", out});
        for (String[] args : bad) {
            var r = CliTestSupport.run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + " → " + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written");
        }
        var help = CliTestSupport.run("export", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--source") && help.out().contains("gif, apng, mp4, webm, frames or sheet"), help.out());
    }

    /** SIGKILL at random moments: never a file at --out, and the next run leaves no temporary beside it. */
    @Test
    void killsLeaveNoPartialFile() throws Exception {
        Path out = dir.resolve("k.gif");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "org.diffusionexplorer.cli.ExportCommandTest$Main", "export", "--source", "forward", "--size", "256", "--t", "0:1000:1",
                "--format", "gif", "--out", out.toString()));
        Random rnd = new Random(7);
        for (int i = 0; i < 10; i++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
            Thread.sleep(300 + rnd.nextInt(1500));
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertFalse(Files.exists(out), "kill " + i + ": no file at --out (exit " + p.exitValue() + ")");
        }
        var r = CliTestSupport.run("export", "--source", "forward", "--size", "32", "--t", "0:1000:100", "--format", "gif", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        try (var s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("k.gif", "log.txt"), names, "no stray temporary files");
        }
    }

    /** The CLI without the launcher's restart, for the kill test. */
    public static final class Main {
        public static void main(String[] args) {
            System.exit(Cli.run(args));
        }
    }

}
