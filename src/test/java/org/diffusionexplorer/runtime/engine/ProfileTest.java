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
    void offMeansNothingIsCounted() {
        Profile.reset();
        Profile.lap("x", Profile.start(), 100);
        assertEquals(0, Profile.totalFlops());
    }
}
