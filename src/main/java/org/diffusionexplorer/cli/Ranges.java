package org.diffusionexplorer.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Step lists as users write them: a comma list of numbers and Python-style ranges A:B or A:B:S (stop excluded,
 * negative strides count down), e.g. {@code 0:999:5} = 0, 5, …, 995 and {@code 0:1000:250,999}.
 */
final class Ranges {
    private static final int MAX = 1_000_000;

    private Ranges() {
    }

    /** @param max the largest allowed value (values run from 0 to max) */
    static int[] parse(String spec, String option, int max) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String[] f = p.split(":", -1);
            if (f.length > 3) throw new IllegalArgumentException(option + ": '" + p + "' is not A:B:S");
            if (f.length == 1) {
                add(out, num(f[0], option, p), option, max);
                continue;
            }
            int step = f.length == 3 && !f[2].isBlank() ? num(f[2], option, p) : 1;
            if (step == 0) throw new IllegalArgumentException(option + ": the stride in '" + p + "' must not be 0");
            int a = f[0].isBlank() ? (step > 0 ? 0 : max) : num(f[0], option, p);
            int b = f[1].isBlank() ? (step > 0 ? max + 1 : -1) : num(f[1], option, p);
            for (long v = a; step > 0 ? v < b : v > b; v += step) {
                add(out, (int) v, option, max);
                if (out.size() > MAX) throw new IllegalArgumentException(option + ": more than " + MAX + " values");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(option + " '" + spec + "' selects no values (ranges stop before B, as in Python)");
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void add(List<Integer> out, int v, String option, int max) {
        if (v < 0 || v > max) throw new IllegalArgumentException(option + " values must be between 0 and " + max + " (got " + v + ")");
        out.add(v);
    }

    private static int num(String s, String option, String part) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + part + "' is not a number or a range A:B:S");
        }
    }
}
