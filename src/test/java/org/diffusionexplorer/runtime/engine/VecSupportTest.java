package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine picks its kernels as documented: -Dde.engine=blas forces OpenBLAS; otherwise vectors of 512 bits. */
class VecSupportTest {
    @Test
    void choiceFollowsThePropertyAndTheVectorWidth() {
        assertTrue(VecSupport.moduleLoaded(), "the tests run with --add-modules jdk.incubator.vector");
        String choice = System.getProperty("de.engine", "auto");
        if (choice.equals("blas")) {
            assertFalse(VecSupport.enabled());
            assertTrue(VecSupport.describe().contains("OpenBLAS"));
        } else {
            assertEquals(VecConv.lanes() >= 16 || choice.equals("vector"), VecSupport.enabled());
            assertTrue(VecSupport.describe().startsWith("convolutions: "));
        }
    }
}
