package org.diffusionexplorer.runtime.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The run folder's loss.csv (step, loss, wall seconds), appended by {@link Checkpoints#appendLoss}. */
final class LossLog {
    static final String FILE = "loss.csv";

    private LossLog() {
    }

    /** Mean of the last 200 losses in loss.csv (a run resumed only to write its bundle trains no step); NaN if none. */
    static double lastLoggedLoss(Path out) throws IOException {
        Path f = out.resolve(FILE);
        if (!Files.exists(f)) return Double.NaN;
        List<String> lines = Files.readAllLines(f);
        double sum = 0;
        int n = 0;
        for (int i = lines.size() - 1; i >= 1 && n < 200; i--, n++) sum += Double.parseDouble(lines.get(i).split(",")[1]);
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Drops the lines after step (logged after the checkpoint a resumed run restarts from). */
    static void truncate(Path out, int step) throws IOException {
        Path f = out.resolve(FILE);
        if (!Files.exists(f)) return;
        List<String> lines = Files.readAllLines(f);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            int comma = l.indexOf(',');
            if (comma < 0) continue;
            String s = l.substring(0, comma);
            if (s.equals("step") || (s.chars().allMatch(Character::isDigit) && Integer.parseInt(s) <= step)) sb.append(l).append('\n');
        }
        Files.writeString(f, sb.toString());
    }
}
