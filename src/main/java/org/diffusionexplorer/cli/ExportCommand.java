package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.sampling.Grid;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.StepResult;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.export.ComparisonFrames;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.export.ExportOptions;
import org.diffusionexplorer.io.export.Exporter;
import org.diffusionexplorer.io.export.ForwardFrames;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.io.export.ParticleFrames;
import org.diffusionexplorer.io.export.ReverseFrames;
import org.diffusionexplorer.io.image.ImageLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes an animation of a diffusion process.",
                "Sources: forward (an image noised over t), reverse (a model's samples denoised step by step),",
                "particles (a 2-D model's points moving from noise to data).",
                "Formats: gif, apng (.png), mp4 (H.264), webm (VP9), frames (a folder of PNGs), sheet (one labelled PNG).",
                "Ranges: --t A:B:S and --frames A:B:S count like Python's range (stop excluded); comma lists work too.",
                "Written atomically: a cancel or a kill leaves no partial file at --out."},
        footer = {"", "Examples:",
                "  export --source forward --image photo.jpg --size 256 --preset cosine --t 0:999:5 --fps 25 --format gif --out scrub.gif",
                "  export --source reverse --model fashion-mnist --sampler ddim --steps 20 --count 4 --seed 1 --layout grid --format mp4 --out r.mp4",
                "  export --source particles --model toy-moons --sampler dpmpp-2m --steps 30 --format gif --out moons.gif"})
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec cmd;

    @Mixin
    EngineOption engineOption = new EngineOption();

    @Option(names = "--source", required = true, description = "forward, reverse or particles")
    String source;

    @Option(names = "--format", description = "gif, apng, mp4, webm, frames or sheet (default: from --out's ending)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR", description = "output file (a folder for --format frames)")
    Path out;

    // forward
    @Option(names = "--image", paramLabel = "IN", description = "forward: the image (default: the bundled sample image)")
    Path image;

    @Option(names = "--size", paramLabel = "PX", description = "forward: downscale so the longer side is at most PX (default 256); particles: frame size (default 480)")
    Integer size;

    @Option(names = "--t", paramLabel = "A:B:S|LIST", description = "forward: the timesteps (default 0:T, one frame per t)")
    String tRange;

    @Option(names = "--panels", description = "forward: xt (default) or all (x₀ | x_t | ε | √ᾱ·x₀)")
    String panels = "xt";

    @Option(names = "--compare-preset", paramLabel = "P1,P2", split = ",", description = "forward: also show these presets side by side at the same ε")
    List<String> comparePresets;

    @Option(names = "--diffusion-steps", paramLabel = "T", description = "forward: diffusion steps T of the schedule (default 1000)")
    Integer diffusionSteps;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    // reverse and particles
    @Option(names = "--model", paramLabel = "ID|DIR|empirical:PATH", description = "reverse/particles: the model")
    String model;

    @Mixin
    SamplerOptions samplerOptions = new SamplerOptions();

    @Option(names = "--count", description = "samples (default: 16 for images, 2000 for particles)")
    Integer count;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--layout", defaultValue = "grid", description = "reverse: grid (every sample's x_t) or single (one sample's x_t | x̂₀) (default ${DEFAULT-VALUE})")
    String layout;

    @Option(names = "--index", defaultValue = "0", description = "reverse --layout single: which sample (default ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--frames", paramLabel = "A:B:S|LIST", description = "reverse/particles: the steps shown (grid points 0..N; default all)")
    String frameRange;

    @Option(names = "--trails", description = "particles: draw each point's path from the previous frame")
    boolean trails;

    // encoding
    @Option(names = "--fps", defaultValue = "25", description = "frames per second, up to 120 (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--scale", defaultValue = "0", description = "integer nearest-neighbour upscaling (default 0: automatic, 28 px → ×8)")
    int scale;

    @Option(names = "--no-overlay", description = "no caption (t, ᾱ, step, sampler) on the frames")
    boolean noOverlay;

    @Option(names = "--boomerang", description = "play forward, then back")
    boolean boomerang;

    @Option(names = "--hold", defaultValue = "0", paramLabel = "SECONDS", description = "hold the last frame this long (default ${DEFAULT-VALUE})")
    double hold;

    @Option(names = "--loops", defaultValue = "0", description = "GIF/APNG plays, 0 = endless (default ${DEFAULT-VALUE})")
    int loops;

    @Option(names = "--palette", defaultValue = "global", description = "GIF colour table: global or per-frame (default ${DEFAULT-VALUE})")
    String palette;

    @Option(names = "--dither", description = "GIF: Floyd–Steinberg dithering")
    boolean dither;

    @Option(names = "--quality", defaultValue = "80", description = "video quality 1..100 (higher: larger files; default ${DEFAULT-VALUE})")
    int quality;

    @Option(names = "--columns", defaultValue = "0", description = "sheet: columns (default: about square)")
    int columns;

    @Option(names = "--sheet-frames", defaultValue = "0", description = "sheet: how many frames, evenly spread (default 16)")
    int sheetFrames;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        ExportFormat f = format != null ? ExportFormat.parse(format) : fromName(out);
        if (!palette.equals("global") && !palette.equals("per-frame")) throw new IllegalArgumentException("--palette must be global or per-frame (got '" + palette + "')");
        ExportOptions o = new ExportOptions(fps, loops, boomerang, hold, palette.equals("global"), dither, quality, columns, sheetFrames);
        if (scale < 0 || scale > 64) throw new IllegalArgumentException("--scale must be between 0 (automatic) and 64 (got " + scale + ")");
        String why = f.unavailableReason();
        if (why != null) throw new IllegalArgumentException(f.cliName + " is not available here: " + why);
        Path dir = out.toAbsolutePath().normalize().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("the output folder " + dir + " does not exist");
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("the output folder " + dir + " is not writable");

        FrameSource src = switch (source.toLowerCase(Locale.ROOT)) {
            case "forward" -> forward();
            case "reverse" -> reverse(false);
            case "particles" -> reverse(true);
            default -> throw new IllegalArgumentException("--source must be forward, reverse or particles (got '" + source + "')");
        };
        var err = cmd.commandLine().getErr();
        long est = Exporter.estimateBytes(src, f, o);
        err.printf(Locale.ROOT, "exporting %d frames of %d×%d as %s (about %s)%n", src.frameCount(), src.width(), src.height(), f.cliName, human(est));
        ProgressBar bar = new ProgressBar(err, "export");
        long start = System.nanoTime();
        Exporter.export(src, f, o, out, p -> bar.update(Math.round(p * 1000), 1000, 0, null), () -> false);
        long bytes = Files.isDirectory(out) ? folderSize(out) : Files.size(out);
        err.printf(Locale.ROOT, "wrote %s (%s) in %.1f s%n", out, human(bytes), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static ExportFormat fromName(Path out) {
        String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gif")) return ExportFormat.GIF;
        if (n.endsWith(".mp4")) return ExportFormat.MP4;
        if (n.endsWith(".webm")) return ExportFormat.WEBM;
        if (n.endsWith(".png") || n.endsWith(".apng")) return ExportFormat.APNG;
        throw new IllegalArgumentException("give --format (" + ExportFormat.names() + "): it cannot be told from the name " + out.getFileName());
    }

    private FrameSource forward() throws Exception {
        if (model != null) throw new IllegalArgumentException("--model is for --source reverse or particles");
        int px = size == null ? 256 : size;
        if (px < 1 || px > 16384) throw new IllegalArgumentException("--size must be between 1 and 16384 (got " + px + ")");
        Tensor x0 = image != null ? new ImageLoader(px, 1f).load(image).pixels() : sampleImage(px);
        Tensor eps = ForwardProcess.noise(seed, x0.shape());
        var spec = schedule.toSpec(diffusionSteps);
        NoiseSchedule s = NoiseSchedule.of(spec);
        int[] ts = tRange == null ? Ranges.parse("0:" + s.steps(), "--t", s.steps() - 1) : Ranges.parse(tRange, "--t", s.steps() - 1);
        boolean all = switch (panels) {
            case "xt" -> false;
            case "all" -> true;
            default -> throw new IllegalArgumentException("--panels must be xt or all (got '" + panels + "')");
        };
        FrameSource main = new ForwardFrames(x0, eps, s, null, ts, all, scale, !noOverlay);
        if (comparePresets == null || comparePresets.isEmpty()) return main;
        List<FrameSource> parts = new ArrayList<>(List.of(main));
        List<String> titles = new ArrayList<>(List.of(spec.presetName()));
        for (String p : comparePresets) {
            var other = ScheduleSpec.preset(p, s.steps(), null, null, null, null, null, false);
            NoiseSchedule os = NoiseSchedule.of(other);
            parts.add(new ForwardFrames(x0, eps, os, null, ts, all, scale, !noOverlay));
            titles.add(other.presetName());
        }
        return new ComparisonFrames(parts, titles);
    }

    /** The bundled sample image (a class-path resource, as the window opens it). */
    private static Tensor sampleImage(int px) throws Exception {
        try (var in = ExportCommand.class.getResourceAsStream("/assets/sample-cat.png")) {
            if (in == null) throw new IllegalArgumentException("give --image (the bundled sample image is missing)");
            return new ImageLoader(px, 1f).load(in.readAllBytes(), "sample-cat.png").pixels();
        }
    }

    private FrameSource reverse(boolean particles) throws Exception {
        if (model == null) throw new IllegalArgumentException("--model is required for --source " + source);
        samplerOptions.validate(); // cheap checks before the model loads
        if (image != null || tRange != null) throw new IllegalArgumentException("--image and --t are for --source forward (use --frames for steps)");
        ReverseFrames.Layout lay = switch (layout) {
            case "grid" -> ReverseFrames.Layout.GRID;
            case "single" -> ReverseFrames.Layout.SINGLE;
            default -> throw new IllegalArgumentException("--layout must be grid or single (got '" + layout + "')");
        };
        ModelSource src = ModelSource.resolve(model, 64, schedule.toSpec(null));
        if (particles && src.images()) throw new IllegalArgumentException("--source particles needs a 2-D model (e.g. toy-moons); use --source reverse for " + src.name());
        if (!particles && !src.images()) throw new IllegalArgumentException(src.name() + " is a 2-D model: use --source particles");
        int n = count != null ? count : particles ? 2000 : 16;
        int limit = particles ? 100_000 : 256;
        if (n < 1 || n > limit) throw new IllegalArgumentException("--count must be between 1 and " + limit + " (got " + n + ")");
        SamplerConfig base = samplerOptions.config(src.schedule().steps(), src.images());
        int steps = base.steps();
        long bytes = 4L * n * (3L * steps + 1) * (src.images() ? src.denoiser().itemShape()[0] * src.denoiser().itemShape()[1] * src.denoiser().itemShape()[2] : 2);
        if (bytes > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the trajectory of %d samples over %d steps needs about %.1f GB; lower --count or --steps", n, steps, bytes / 1e9));
        }
        List<FrameSource> parts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        Tensor data = particles ? toyData(model) : null;
        int[] frames = frameRange == null ? null : Ranges.parse(frameRange, "--frames", steps);
        var err = cmd.commandLine().getErr();
        for (SamplerKind kind : samplerOptions.kinds()) {
            SamplerConfig cfg = base;
            Trajectory.Recorder rec = new Trajectory.Recorder();
            ProgressBar bar = new ProgressBar(err, "sample " + kind.cliName);
            // a class-conditional model: a class drawn from the seed for each sample, as sample does by default
            new SamplingRun(src.denoiser(), src.schedule(), kind, cfg, seed, n).withGuidance(src.guidance(null, null, n, seed)).run(new SamplingRun.Listener() {
                @Override
                public void onStart(Tensor x, Grid g) {
                    rec.onStart(x, g);
                }

                @Override
                public void onStep(StepResult r, int total) {
                    rec.onStep(r, total);
                    bar.update(r.index() + 1, total, 0, null);
                }
            }, () -> false);
            Trajectory tr = rec.snapshot();
            parts.add(particles ? new ParticleFrames(tr, data, size == null ? 480 : size, trails, !noOverlay, kind.cliName)
                    : new ReverseFrames(tr, frames, lay, index, scale, !noOverlay, kind.cliName));
            titles.add(kind.cliName + " · " + steps + " steps");
        }
        return parts.size() == 1 ? parts.get(0) : new ComparisonFrames(parts, titles);
    }

    /** The data a toy model was trained on, drawn faintly behind its particles (null if unknown). */
    private static Tensor toyData(String model) {
        try {
            Object d = ModelRegistry.resolve(model).json().training.get("data");
            if (d instanceof String s && s.startsWith("toy:")) return ToyDatasets.sample(s.substring(4), 2000, 7).items();
        } catch (Exception ignored) {
            // a model without a known toy set simply has no background
        }
        return null;
    }

    static String human(long bytes) {
        if (bytes < 10_000) return bytes + " B";
        if (bytes < 10_000_000) return String.format(Locale.ROOT, "%.0f kB", bytes / 1e3);
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static long folderSize(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
