package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.NpyWriter;
import org.diffusionexplorer.io.StagedFolder;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.image.LoadedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Noises an image with the forward process x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε (one ε for every t).",
                "Writes DIR/x_<t>.png per t; with --npy also x0.npy, eps.npy and x_<t>.npy (float32, C×H×W, [−1, 1])."})
final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "IN", description = "the image (PNG, JPEG, BMP, GIF, TIFF)")
    Path image;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Option(names = "--steps", paramLabel = "T", description = "number of diffusion steps T, 2..100000 (default 1000)")
    Integer diffusionSteps;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "512", description = "downscale so the longer side is at most PX (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--t", required = true, split = ",", paramLabel = "T", description = "timesteps, comma-separated, e.g. 0,250,999")
    List<Integer> ts;

    @Option(names = "--seed", defaultValue = "0", description = "noise seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (written whole at the end, replacing an earlier output whole; a folder holding other files is refused)")
    Path out;

    @Option(names = "--npy", description = "also write x0.npy, eps.npy and x_<t>.npy")
    boolean npy;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        NoiseSchedule s = NoiseSchedule.of(schedule.toSpec(diffusionSteps));
        for (int t : ts) {
            if (t < 0 || t >= s.steps()) throw new IllegalArgumentException("--t values must be between 0 and " + (s.steps() - 1) + " (got " + t + ")");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " exists and is not a folder");
        if (size < 1 || size > 16384) throw new IllegalArgumentException("--size must be between 1 and 16384 (got " + size + ")");
        Path outAbs = out.toAbsolutePath().normalize();
        if (image.toAbsolutePath().normalize().startsWith(outAbs) || (Files.exists(image) && Files.exists(out)
                && image.toRealPath().startsWith(out.toRealPath()))) {
            throw new IllegalArgumentException("--image " + image + " lies inside --out " + out + ", which is replaced whole: choose another --out");
        }
        LoadedImage img = new ImageLoader(size, 1f).load(image);
        Tensor x0 = img.pixels();
        Tensor eps = ForwardProcess.noise(seed, x0.shape());
        // locked, staged beside --out and swapped in whole: a killed or failed run leaves the earlier output as it was
        try (StagedFolder staged = StagedFolder.begin(out, "--out", ForwardCommand::replaceable)) {
            Path dir = staged.dir();
            try {
                if (npy) {
                    NpyWriter.write(dir.resolve("x0.npy"), x0);
                    NpyWriter.write(dir.resolve("eps.npy"), eps);
                }
                for (int t : ts) {
                    Tensor xt = ForwardProcess.closedForm(s, t, x0, eps);
                    ImageWriter.writePng(dir.resolve("x_" + t + ".png"), xt);
                    if (npy) NpyWriter.write(dir.resolve("x_" + t + ".npy"), xt);
                }
            } catch (IOException e) {
                throw staged.explain(e);
            }
            staged.commit();
        }
        return 0;
    }

    /** What forward writes into --out (an earlier output is replaced whole; anything else there is refused). */
    static boolean replaceable(String name) {
        return name.matches("x_\\d+\\.(png|npy)") || name.equals("x0.npy") || name.equals("eps.npy");
    }
}
