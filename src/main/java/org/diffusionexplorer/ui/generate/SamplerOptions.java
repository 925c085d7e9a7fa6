package org.diffusionexplorer.ui.generate;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.schedule.KarrasSigmas;
import org.diffusionexplorer.core.schedule.TimestepSpacing;

import java.util.List;

/**
 * How the Generate view samples: the sampler and its options, the seed, how many samples (or particles) and at what
 * resolution; the defaults per source, and the checked {@link RunConfig} they describe. The Generate view model's
 * controls read and write these properties.
 */
final class SamplerOptions {
    static final List<Integer> COUNTS = List.of(1, 4, 16, 64);
    static final int DEFAULT_RESOLUTION = 64, MAX_RESOLUTION = 256, MIN_RESOLUTION = 8;

    final ObjectProperty<SamplerKind> sampler = new SimpleObjectProperty<>(this, "sampler", SamplerKind.DDIM);
    final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 50);
    final ObjectProperty<TimestepSpacing> spacing = new SimpleObjectProperty<>(this, "spacing", TimestepSpacing.TRAILING);
    final BooleanProperty karras = new SimpleBooleanProperty(this, "karras");
    final DoubleProperty rho = new SimpleDoubleProperty(this, "rho", KarrasSigmas.DEFAULT_RHO);
    final DoubleProperty sigmaMin = new SimpleDoubleProperty(this, "sigmaMin", Double.NaN);
    final DoubleProperty sigmaMax = new SimpleDoubleProperty(this, "sigmaMax", Double.NaN);
    final DoubleProperty eta = new SimpleDoubleProperty(this, "eta", 0);
    final BooleanProperty fixedLarge = new SimpleBooleanProperty(this, "fixedLarge");
    final BooleanProperty clip = new SimpleBooleanProperty(this, "clip", true);
    final LongProperty seed = new SimpleLongProperty(this, "seed", 0);
    final IntegerProperty count = new SimpleIntegerProperty(this, "count", 16);
    final IntegerProperty particles = new SimpleIntegerProperty(this, "particles", DefaultSourceLoader.TOY_POINTS);
    final IntegerProperty resolution = new SimpleIntegerProperty(this, "resolution", DEFAULT_RESOLUTION);

    /** The options the sample command shows (every one but the particle count). */
    List<ObservableValue<?>> commandOptions() {
        return List.of(sampler, steps, spacing, karras, rho, sigmaMin, sigmaMax, eta, fixedLarge, clip, seed, count, resolution);
    }

    /** Sensible defaults per source: DDIM 50 for trained models, DDIM 25 for exact image denoisers, 2 000 particles in 2-D. */
    void applyDefaults(Source s) {
        sampler.set(SamplerKind.DDIM);
        steps.set(s.kind() == Source.Kind.FORWARD_IMAGE || s.kind() == Source.Kind.FOLDER ? 25 : 50);
        spacing.set(TimestepSpacing.TRAILING);
        karras.set(false);
        eta.set(0);
        fixedLarge.set(false);
        clip.set(!s.points());
    }

    /** The configuration these options describe for source s; throws with a message when a value is out of range. */
    RunConfig config(Source s) {
        if (s == null) throw new IllegalArgumentException("choose what to sample from");
        boolean points = s.points();
        int n = points ? particles.get() : count.get();
        if (!points && !COUNTS.contains(n)) throw new IllegalArgumentException("count must be one of " + COUNTS + " (got " + n + ")");
        if (steps.get() < 1 || steps.get() > 10_000) throw new IllegalArgumentException("steps must be between 1 and 10000 (got " + steps.get() + ")");
        if (resolution.get() < MIN_RESOLUTION || resolution.get() > MAX_RESOLUTION) {
            throw new IllegalArgumentException("resolution must be between " + MIN_RESOLUTION + " and " + MAX_RESOLUTION + " px (got " + resolution.get() + ")");
        }
        SamplerConfig c = new SamplerConfig(steps.get(), spacing.get(), spacing.get() == TimestepSpacing.LEADING ? 1 : 0, eta.get(),
                karras.get(), rho.get(), sigmaMin.get(), sigmaMax.get(), clip.get() && !points, fixedLarge.get());
        return new RunConfig(sampler.get(), c, seed.get(), n);
    }
}
