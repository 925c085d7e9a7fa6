package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardCommandTest {
    @TempDir
    Path dir;

    Path image() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, x * 4 << 16 | y * 5 << 8 | 128);
        Path p = dir.resolve("in.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    /** Reads a float32 .npy written by NpyWriter: returns the data and checks the header's shape. */
    static float[] readNpy(Path p, String shape) throws Exception {
        byte[] b = Files.readAllBytes(p);
        int hl = (b[8] & 255) | (b[9] & 255) << 8;
        String header = new String(b, 10, hl, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (" + shape + ")"), header);
        assertEquals(0, (10 + hl) % 64, "header aligned to 64 bytes");
        ByteBuffer bb = ByteBuffer.wrap(b, 10 + hl, b.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void writesPngsAndConsistentNpy() throws Exception {
        Path out = dir.resolve("out");
        var r = CliTestSupport.run("forward", "--image", image().toString(), "--preset", "cosine", "--t", "0,250,999",
                "--seed", "5", "--out", out.toString(), "--npy");
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[]{"x_0.png", "x_250.png", "x_999.png", "x0.npy", "eps.npy", "x_250.npy"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        float[] x0 = readNpy(out.resolve("x0.npy"), "3, 48, 64"), eps = readNpy(out.resolve("eps.npy"), "3, 48, 64");
        float[] xt = readNpy(out.resolve("x_250.npy"), "3, 48, 64");
        NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.Cosine.defaults());
        for (int i = 0; i < xt.length; i++) {
            assertEquals(s.sqrtAlphaBar(250) * x0[i] + s.sqrtOneMinusAlphaBar(250) * eps[i], xt[i], 1e-5);
        }
        BufferedImage png = ImageIO.read(out.resolve("x_250.png").toFile());
        assertEquals(64, png.getWidth());
        // same seed → same ε
        Path out2 = dir.resolve("out2");
        CliTestSupport.run("forward", "--image", image().toString(), "--t", "10", "--seed", "5", "--out", out2.toString(), "--npy");
        float[] eps2 = readNpy(out2.resolve("eps.npy"), "3, 48, 64");
        assertEquals(eps[123], eps2[123]);
    }

    @Test
    void sizeDownscales() throws Exception {
        Path out = dir.resolve("o");
        assertEquals(0, CliTestSupport.run("forward", "--image", image().toString(), "--size", "32", "--t", "5", "--out", out.toString()).exit());
        assertEquals(32, ImageIO.read(out.resolve("x_5.png").toFile()).getWidth());
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws Exception {
        Path out = dir.resolve("none");
        Path broken = Files.writeString(dir.resolve("broken.png"), "not really a png");
        String img = image().toString();
        String[][] cases = {
                {"forward", "--image", broken.toString(), "--t", "5", "--out", out.toString()},
                {"forward", "--image", dir.resolve("missing.jpg").toString(), "--t", "5", "--out", out.toString()},
                {"forward", "--image", dir.toString(), "--t", "5", "--out", out.toString()},
                {"forward", "--image", img, "--t", "1000", "--out", out.toString()},
                {"forward", "--image", img, "--t", "-1", "--out", out.toString()},
                {"forward", "--image", img, "--t", "5", "--size", "0", "--out", out.toString()},
                {"forward", "--image", img, "--out", out.toString()},
        };
        for (String[] c : cases) {
            var r = CliTestSupport.run(c);
            assertEquals(2, r.exit(), String.join(" ", c) + " → " + r.err());
            assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error:")).count(), r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", c));
        }
    }
}
