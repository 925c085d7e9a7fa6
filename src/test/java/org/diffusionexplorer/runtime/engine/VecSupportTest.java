package org.diffusionexplorer.runtime.engine;

import org.diffusionexplorer.runtime.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --engine picks the kernels: vector turns the Vector API kernels on, blas and samediff off; the default is the fastest. */
class VecSupportTest {
    @AfterEach
    void restore() {
        Engine.select(Engine.fastest());
    }

    @Test
    void engineSelectsTheKernels() {
        assertTrue(VecSupport.moduleLoaded(), "the tests run with --add-modules jdk.incubator.vector");
        assertEquals(VecConv.lanes() >= 16 ? Engine.VECTOR : Engine.BLAS, Engine.fastest());
        Engine.select(Engine.BLAS);
        assertFalse(VecSupport.enabled());
        assertTrue(VecSupport.describe().contains("OpenBLAS"));
        Engine.select(Engine.VECTOR);
        assertTrue(VecSupport.enabled());
        assertTrue(VecSupport.describe().startsWith("convolutions: Java Vector API"));
        Engine.select(Engine.SAMEDIFF);
        assertFalse(VecSupport.enabled());
        assertEquals(Engine.SAMEDIFF, Engine.active());
        assertThrows(IllegalArgumentException.class, () -> Engine.parse("cuda"));
    }
}
