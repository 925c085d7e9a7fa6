package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.Grid;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * The Generate view's runs that start from the Forward tab's image: SDEdit (the image noised to a step, then
 * denoised) and DDIM inversion with its round trip. They go through {@link RunLauncher} like every run.
 */
final class ImageRuns {
    private final GenerateViewModel vm;
    private final RunLauncher launcher;

    ImageRuns(GenerateViewModel vm, RunLauncher launcher) {
        this.vm = vm;
        this.launcher = launcher;
    }

    void sdedit(double strength, Tensor image) {
        RunConfig rc = launcher.config();
        if (rc == null) return;
        if (image == null) {
            vm.fail("SDEdit needs an image in the Forward tab");
            return;
        }
        if (!(strength > 0 && strength <= 1)) {
            vm.fail("strength must be above 0 and at most 1 (got " + strength + ")");
            return;
        }
        String[] label = new String[1];
        org.diffusionexplorer.core.sampling.Guidance[] used = {null};
        launcher.launch(RunLauncher.Target.MAIN, "SDEdit", null, ls -> {
            if (!ls.images()) throw new IllegalArgumentException("SDEdit needs an image model or an exact image denoiser");
            NoiseSchedule s = ls.schedule();
            int ts = (int) Math.max(1, Math.min(s.steps() - 1, Math.round(strength * (s.steps() - 1))));
            int n = (int) Math.max(1, Math.min(ts + 1, Math.round(rc.config().steps() * strength)));
            RunConfig r = new RunConfig(rc.kind(), rc.config().withSteps(n), rc.seed(), rc.count());
            Tensor x0 = TrajectoryMath.fitImage(image, ls.denoiser().itemShape());
            Tensor batch = Tensor.concat(java.util.Collections.nCopies(r.count(), x0));
            Tensor eps = new SamplingRun(ls.denoiser(), s, r.kind(), r.config(), r.seed(), r.count()).initialNoise();
            double a = Math.sqrt(s.alphaBar(ts)), b = Math.sqrt(1 - s.alphaBar(ts));
            float[] x = new float[batch.size()];
            for (int i = 0; i < x.length; i++) x[i] = (float) (a * batch.data()[i] + b * eps.data()[i]);
            StartPoint sp = StartPoint.at(s, ts, s.sigma(ts), r.config());
            label[0] = String.format(Locale.ROOT, "SDEdit of the Forward image from t = %d (strength %.2f): %s %d steps", ts, strength, r.kind().cliName, n);
            used[0] = vm.guidanceFor(ls, r.count(), r.seed());
            return List.of(RunLauncher.planned(new SamplingRun(ls.denoiser(), sp.schedule(), r.kind(), sp.config(), r.seed(), r.count()).withGuidance(used[0]),
                    new Tensor(x, batch.shape()), r));
        }, (ls, res, cancelled, nearest) -> {
            vm.setResult(res.get(0), ls, null, label[0]);
            vm.guide.runShown(used[0]);
            vm.plainSample = false;
            vm.nearest = nearest;
            vm.changed();
            launcher.done(res.get(0), cancelled, label[0]);
        });
    }

    void invert(Tensor image) {
        RunConfig rc = launcher.config();
        if (rc == null) return;
        if (image == null) {
            vm.fail("DDIM inversion needs an image in the Forward tab");
            return;
        }
        Tensor[] x0 = new Tensor[1];
        launcher.launch(RunLauncher.Target.MAIN, "DDIM inversion", null, ls -> {
            if (!ls.images()) throw new IllegalArgumentException("DDIM inversion here works on images");
            SamplerConfig c = rc.config().withEta(0);
            x0[0] = TrajectoryMath.fitImage(image, ls.denoiser().itemShape());
            Tensor xT = SamplingRun.ddimInvert(ls.denoiser(), Grid.of(ls.schedule(), c), x0[0]);
            RunConfig r = new RunConfig(SamplerKind.DDIM, c, rc.seed(), 1);
            return List.of(RunLauncher.planned(new SamplingRun(ls.denoiser(), ls.schedule(), SamplerKind.DDIM, c, rc.seed(), 1), xT, r));
        }, (ls, res, cancelled, nearest) -> {
            Trajectory tr = res.get(0);
            vm.setResult(tr, ls, null, "DDIM inversion → DDIM " + rc.config().steps() + " round trip of the Forward image");
            vm.guide.runShown(null); // inversion and its round trip use no class
            vm.plainSample = false;
            if (!cancelled) {
                double p = TrajectoryMath.psnr(tr.finalSample(), x0[0]);
                vm.roundTrip.set(String.format(Locale.ROOT, "Round trip (DDIM inversion then DDIM, %d steps): PSNR %.2f dB against the image", rc.config().steps(), p));
            }
            vm.changed();
            launcher.done(tr, cancelled, vm.roundTrip.get());
        });
    }
}
