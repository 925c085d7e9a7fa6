package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Resample;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.export.ExportOptions;
import org.diffusionexplorer.io.export.Exporter;
import org.diffusionexplorer.io.export.ForwardFrames;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.io.export.ReverseFrames;
import org.diffusionexplorer.io.image.ImageLoader;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;

/**
 * {@code bench --export}: 200 frames of a 256×256 forward scrub (cosine schedule, the bundled image) in GIF, APNG,
 * MP4 and WebM, and the fashion-mnist reverse grid (16 samples, DDIM 50, ×8) in GIF and MP4; time and size of each.
 * Encoding only: sampling the reverse trajectory is timed apart. Each format is written twice and the second is
 * reported (the first loads FFmpeg's natives and warms the JIT).
 */
final class ExportBench {
    private ExportBench() {
    }

    static int run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("de-export-bench");
        try {
            Tensor x0;
            try (var in = ExportBench.class.getResourceAsStream("/assets/sample-cat.png")) {
                x0 = Resample.area(Resample.centreCropSquare(new ImageLoader(512, 1f).load(in.readAllBytes(), "sample-cat.png").pixels()), 256, 256);
            }
            NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.Cosine.defaults());
            int[] ts = new int[200];
            for (int i = 0; i < ts.length; i++) ts[i] = i * 5;
            FrameSource fwd = new ForwardFrames(x0, ForwardProcess.noise(0, x0.shape()), s, null, ts, false, 1, true);
            out.println("| export | frames | size | seconds | file |");
            out.println("|---|---|---|---|---|");
            for (ExportFormat f : new ExportFormat[]{ExportFormat.GIF, ExportFormat.APNG, ExportFormat.MP4, ExportFormat.WEBM}) {
                time(out, "forward 256×256, cosine", fwd, f, dir);
            }
            ModelSource m = ModelSource.resolve("fashion-mnist", 64, ScheduleSpec.Linear.defaults());
            Trajectory.Recorder rec = new Trajectory.Recorder();
            long t0 = System.nanoTime();
            new SamplingRun(m.denoiser(), m.schedule(), SamplerKind.DDIM, SamplerConfig.of(50).withClip(true), 1, 16).run(rec, () -> false);
            double sampling = (System.nanoTime() - t0) / 1e9;
            FrameSource rev = new ReverseFrames(rec.snapshot(), null, ReverseFrames.Layout.GRID, 0, 8, true, "ddim");
            for (ExportFormat f : new ExportFormat[]{ExportFormat.GIF, ExportFormat.MP4}) time(out, "fashion-mnist reverse grid 16, ×8", rev, f, dir);
            out.printf(Locale.ROOT, "(sampling the reverse trajectory, not included above: %.1f s)%n", sampling);
            return 0;
        } finally {
            Exporter.class.getName();
            try (var w = Files.walk(dir)) {
                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static void time(PrintWriter out, String what, FrameSource src, ExportFormat f, Path dir) throws Exception {
        Path file = dir.resolve("bench" + (f == ExportFormat.APNG ? ".png" : f.extension));
        double best = 0;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            Exporter.export(src, f, ExportOptions.defaults(), file, p -> { }, () -> false);
            best = (System.nanoTime() - t0) / 1e9;
        }
        out.printf(Locale.ROOT, "| %s | %d of %d×%d | %s | %.2f | %s |%n", what, src.frameCount(), src.width(), src.height(),
                ExportCommand.human(Files.size(file)), best, f.cliName);
    }
}
