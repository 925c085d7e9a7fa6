package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.io.bundle.ModelJson;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The README.md model card of a bundle. */
final class ModelCard {
    private ModelCard() {
    }

    /** A table of the working sessions when the run was stopped and resumed (nothing for a run in one go). */
    static String sessions(Object value) {
        if (!(value instanceof List<?> list) || list.size() < 2) return "";
        StringBuilder sb = new StringBuilder("The run was stopped and resumed with `--resume` (a step's batch, noise and timesteps depend only on"
                + " the seed and the step, so resuming continues the same run):\n\n| session | steps | commit | wall time |\n|---|---|---|---|\n");
        Set<Object> commits = new HashSet<>();
        int i = 1;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) continue;
            commits.add(m.get("commit"));
            double secs = ((Number) m.get("seconds")).doubleValue();
            sb.append("| ").append(i++).append(" | ").append(m.get("from")).append("–").append(m.get("to")).append(" | ")
                    .append(m.get("commit")).append(" | ").append(String.format(Locale.ROOT, "%.2f h", secs / 3600)).append(" |\n");
        }
        sb.append('\n');
        if (commits.size() > 1) {
            sb.append("The code changed between sessions (the engine's floating-point summation order among other things), so the"
                    + " command below trains an equivalent model in one go, not bit for bit the same weights.\n\n");
        }
        return sb.toString();
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
                + sessions(t.get("sessions"))
                + "Retrain with exactly:\n\n```bash\n" + t.get("command") + "\n```\n\n"
                + "Architecture: `" + j.architecture + "`.\n";
    }
}
