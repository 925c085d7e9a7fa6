package org.diffusionexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleAndTrainCommandTest {
    @TempDir
    Path dir;

    Path image(String name, int seed) throws Exception {
        BufferedImage img = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 20; x++) img.setRGB(x, y, (x * 12 + seed * 40) % 256 << 16 | y * 15 << 8 | 99);
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void empiricalSamplingEndsOnTheImageForEverySampler() throws Exception {
        Path img = image("one.png", 1);
        for (String s : List.of("ddpm", "ddim", "euler", "euler-a", "heun", "dpmpp-2m")) {
            Path out = dir.resolve("out-" + s);
            var r = CliTestSupport.run("sample", "--model", "empirical:" + img, "--size", "20", "--sampler", s, "--steps", "8",
                    "--count", "3", "--seed", "5", "--out", out.toString(), "--npy");
            assertEquals(0, r.exit(), r.err());
            float[] x0 = ForwardCommandTest.readNpy(out.resolve("samples.npy"), "3, 3, 16, 20");
            BufferedImage first = ImageIO.read(out.resolve("sample_0000.png").toFile()), src = ImageIO.read(img.toFile());
            for (int y = 0; y < 16; y++) for (int x = 0; x < 20; x++) assertEquals(src.getRGB(x, y), first.getRGB(x, y), s);
            assertEquals(x0[0], x0[3 * 16 * 20], s + ": every sample is the image");
            assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().startsWith(".partial")), "no temporary folder left");
        }
    }

    /** The output folder holds exactly the samples (what an evaluator globs), readable by all; --grid goes elsewhere. */
    @Test
    void outputFolderHoldsOnlyTheSamples() throws Exception {
        Path out = dir.resolve("only"), grid = dir.resolve("grid.png");
        var r = CliTestSupport.run("sample", "--model", "empirical:" + image("g.png", 3), "--size", "20", "--steps", "4",
                "--count", "5", "--out", out.toString(), "--grid", grid.toString());
        assertEquals(0, r.exit(), r.err());
        try (var files = Files.list(out)) {
            assertEquals(List.of("sample_0000.png", "sample_0001.png", "sample_0002.png", "sample_0003.png", "sample_0004.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(ImageIO.read(grid.toFile()).getWidth() > 5 * 20, "the contact grid");
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // what the umask gives any new file (not the 0600 of a temporary file)
            var usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain.txt")));
            assertEquals(usual, Files.getPosixFilePermissions(out.resolve("sample_0000.png")));
            assertEquals(usual, Files.getPosixFilePermissions(grid));
        }
    }

    @Test
    void trajectoryWritesEveryStep() throws Exception {
        Path out = dir.resolve("traj");
        var r = CliTestSupport.run("sample", "--model", "empirical:" + image("a.png", 2), "--size", "20", "--steps", "5",
                "--count", "2", "--out", out.toString(), "--trajectory");
        assertEquals(0, r.exit(), r.err());
        for (int i = 0; i < 5; i++) {
            assertTrue(Files.exists(out.resolve("trajectory/xt_step_00" + i + ".png")));
            assertTrue(Files.exists(out.resolve("trajectory/x0hat_step_00" + i + ".png")));
        }
    }

    @Test
    void trainToySampleItAndListIt() throws Exception {
        Path run = dir.resolve("run");
        var r = CliTestSupport.run("train", "--data", "toy:moons", "--out", run.toString(), "--steps", "30", "--batch", "32",
                "--model-size", "tiny", "--diffusion-steps", "50", "--checkpoint-every", "10");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(run.resolve("bundle/model.json")));
        assertEquals(31, Files.readAllLines(run.resolve("loss.csv")).size());
        // resume to more steps continues the log
        r = CliTestSupport.run("train", "--data", "toy:moons", "--out", run.toString(), "--steps", "40", "--batch", "32",
                "--model-size", "tiny", "--diffusion-steps", "50", "--checkpoint-every", "10", "--resume");
        assertEquals(0, r.exit(), r.err());
        assertEquals(41, Files.readAllLines(run.resolve("loss.csv")).size());
        Path out = dir.resolve("pts");
        r = CliTestSupport.run("sample", "--model", run.resolve("bundle").toString(), "--steps", "10", "--count", "100", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(101, Files.readAllLines(out.resolve("samples.csv")).size());
        assertEquals(0, CliTestSupport.run("models").exit());
    }

    /** --data DIR with Fashion-MNIST's IDX files trains on them (an MNIST-format copy anywhere, not only Debian's). */
    @Test
    void trainOnAFolderOfIdxFiles() throws Exception {
        Path idx = Files.createDirectory(dir.resolve("idx"));
        int n = 12;
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n * 784; i++) img.put((byte) ((i * 7) % 256));
        Files.write(idx.resolve("train-images-idx3-ubyte"), img.array());
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) lab.put((byte) (i % 10));
        Files.write(idx.resolve("train-labels-idx1-ubyte"), lab.array());
        Path run = dir.resolve("fm");
        var r = CliTestSupport.run("train", "--data", idx.toString(), "--out", run.toString(), "--steps", "2", "--batch", "4",
                "--model-size", "tiny", "--diffusion-steps", "50");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("12 items"), r.err());
        String json = Files.readString(run.resolve("bundle/model.json"));
        assertTrue(json.contains("\"id\" : \"fashion-mnist\"") && json.contains("Ankle boot"), json);
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws Exception {
        Path img = image("b.png", 3);
        Path emptyDir = Files.createDirectory(dir.resolve("empty"));
        Path brokenBundle = Files.createDirectory(dir.resolve("broken"));
        Files.writeString(brokenBundle.resolve("model.json"), "{\"format\": \"diffusion-explorer/model\", \"version\": 1}");
        Path out = dir.resolve("never");
        String[][] cases = {
                {"sample", "--model", "empirical:" + img, "--sampler", "plms", "--out", out.toString()},
                {"sample", "--model", "empirical:" + img, "--steps", "0", "--out", out.toString()},
                {"sample", "--model", "empirical:" + img, "--steps", "1001", "--out", out.toString()},
                {"sample", "--model", "empirical:" + img, "--spacing", "sideways", "--out", out.toString()},
                {"sample", "--model", "empirical:" + emptyDir, "--out", out.toString()},
                {"sample", "--model", "no-such-model", "--out", out.toString()},
                {"sample", "--model", brokenBundle.toString(), "--out", out.toString()},
                {"train", "--data", emptyDir.toString(), "--out", out.toString()},
                {"train", "--data", "toy:blobs", "--out", out.toString()},
                {"train", "--data", "fashion-mnist", "--data-path", emptyDir.toString(), "--out", out.toString()},
                {"train", "--data", "toy:moons", "--out", out.toString(), "--resume"},
                {"train", "--data", "toy:moons", "--out", out.toString(), "--model-size", "huge"},
        };
        for (String[] c : cases) {
            var r = CliTestSupport.run(c);
            assertEquals(2, r.exit(), String.join(" ", c) + " → " + r.err());
            assertTrue(r.err().contains("error: "), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "nothing written for " + String.join(" ", c));
        }
        Path csv = Files.writeString(dir.resolve("p.csv"), "x,y\n1,2\n3,four\n");
        var r = CliTestSupport.run("train", "--data", csv.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("line 3 is not numeric"), r.err());
    }

    @Test
    void corruptCheckpointOnResume() throws Exception {
        Path run = dir.resolve("r");
        assertEquals(0, CliTestSupport.run("train", "--data", "toy:spiral", "--out", run.toString(), "--steps", "10",
                "--model-size", "tiny", "--checkpoint-every", "5").exit());
        byte[] b = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        Files.write(run.resolve("checkpoint.safetensors"), java.util.Arrays.copyOf(b, b.length / 2));
        var r = CliTestSupport.run("train", "--data", "toy:spiral", "--out", run.toString(), "--steps", "20",
                "--model-size", "tiny", "--checkpoint-every", "5", "--resume");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("checkpoint.safetensors"), r.err());
    }

}
