package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench --profile's accounting: time per operation and useful FLOPs for the GFLOPS column. */
class ProfileTest {
    @AfterEach
    void off() {
        Profile.enable(false);
        Profile.reset();
    }

    @Test
    void aConvolutionCountsItsUsefulMultiplyAdds() {
        Scratch s = new Scratch();
        Conv c = new Conv("c", 4, 6, 3, false, new SplittableRandom(1), s, new java.util.ArrayList<>());
        Act x = new Act(4, 2, 5, 7);
        Profile.reset();
        Profile.enable(true);
        c.forward(x, false);
        // 2 · cout · 9 · cin per output position (n·h·w of them), whatever the padded grid costs
        assertEquals(2L * 6 * 9 * 4 * 2 * 5 * 7, Profile.totalFlops());
        String table = Profile.report(1);
        assertTrue(table.startsWith("| operation | ms per call | share | GFLOPS |"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| conv3.fwd.gemm |") && l.matches(".*\\| [0-9.]+ \\|$")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| conv3.fwd.pad |") && l.endsWith("|  |")), "no FLOPs for a copy: " + table);
    }

    @Test
    void winogradRowsCountHalfTheirMultiplyAddsAgainstTheFmaPeak() throws InterruptedException {
        Profile.reset();
        Profile.enable(true);
        long t0 = Profile.start();
        Thread.sleep(2);
        t0 = Profile.lap("conv3.fwd.wino.gemm", t0, 1_000_000_000_000L);
        Thread.sleep(2);
        Profile.lap("conv1.fwd", t0, 300_000_000_000L);
        assertEquals(1_300_000_000_000L, Profile.totalFlops());
        assertEquals(800_000_000_000L, Profile.actualFlops());
        String table = Profile.report(1, 10_000);
        assertTrue(table.startsWith("| operation | ms per call | share | GFLOPS | of FMA peak |"), table);
        // each row's share of the peak is its GFLOPS, halved for a Winograd row, over the peak
        for (String key : new String[]{"conv3.fwd.wino.gemm", "conv1.fwd"}) {
            String[] cells = table.lines().filter(l -> l.startsWith("| " + key + " |")).findFirst().orElseThrow().split("\\|");
            double gflops = Double.parseDouble(cells[4].trim()), share = Double.parseDouble(cells[5].trim().replace("%", ""));
            assertEquals(100 * gflops * (key.contains(".wino.") ? 0.5 : 1) / 10_000, share, 1, table);
        }
        assertTrue(Profile.report(1).startsWith("| operation | ms per call | share | GFLOPS |\n"), "no peak, no column");
    }

    @Test
    void theFmaPeakIsMeasuredWhenTheVectorModuleIsThere() {
        double peak = Profile.fmaPeakGflops();
        if (VecSupport.moduleLoaded()) assertTrue(peak > 0.1 && peak < 1e5, "GFLOPS " + peak);
        else assertTrue(Double.isNaN(peak));
    }

    @Test
    void offMeansNothingIsCounted() {
        Profile.reset();
        Profile.lap("x", Profile.start(), 100);
        assertEquals(0, Profile.totalFlops());
    }
}
