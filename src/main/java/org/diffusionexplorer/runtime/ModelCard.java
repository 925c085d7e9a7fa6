package org.diffusionexplorer.runtime;

import org.diffusionexplorer.io.bundle.ModelJson;

import java.util.Locale;

/** The README.md model card of a bundle. */
final class ModelCard {
    private ModelCard() {
    }

    static String render(ModelJson j, long params, double wallSeconds, double finalLoss) {
        var t = j.training;
        String hours = String.format(Locale.ROOT, "%.2f h", wallSeconds / 3600);
        return "# " + j.id + "\n\n"
                + j.description + ", " + params + " parameters, predicting " + j.prediction + ".\n\n"
                + "![samples](samples.png)\n\n"
                + "Samples: DDIM, 50 steps, seed 1, EMA weights.\n\n"
                + "## Training\n\n"
                + "| | |\n|---|---|\n"
                + "| data | " + t.get("data") + " (" + t.get("items") + " items) |\n"
                + "| steps × batch | " + t.get("steps") + " × " + t.get("batch") + " |\n"
                + "| optimiser | Adam, lr " + t.get("lr") + ", warm-up " + t.get("warmup") + ", grad clip " + t.get("grad_clip")
                + ", EMA " + t.get("ema_decay") + " |\n"
                + "| seed | " + t.get("seed") + " |\n"
                + "| wall time | " + hours + " on " + t.get("machine") + " |\n"
                + "| final loss (mean of the last 200 steps) | " + String.format(Locale.ROOT, "%.5f", finalLoss) + " |\n"
                + "| commit | " + t.get("commit") + " |\n\n"
                + "Retrain with exactly:\n\n```bash\n" + t.get("command") + "\n```\n\n"
                + "Architecture: `" + j.architecture + "`.\n";
    }
}
