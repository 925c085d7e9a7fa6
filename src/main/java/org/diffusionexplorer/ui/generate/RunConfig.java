package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;

import java.util.Locale;

/** One sampling configuration of the view: sampler, its options, the base seed (sample i uses seed + i), the count. */
public record RunConfig(SamplerKind kind, SamplerConfig config, long seed, int count) {
    /** "DDIM 50", "Euler 20 Karras", "DDIM 50 η=0.5". */
    public String label() {
        String s = kind.cliName.toUpperCase(Locale.ROOT) + " " + config.steps();
        if (config.karras()) s += " Karras";
        else if (config.spacing() != org.diffusionexplorer.core.schedule.TimestepSpacing.TRAILING) s += " " + config.spacing().cliName();
        if (config.eta() != 0 && kind == SamplerKind.DDIM) s += String.format(Locale.ROOT, " η=%.2g", config.eta());
        if (kind == SamplerKind.DDPM && config.fixedLarge()) s += " β-var";
        return s;
    }
}
