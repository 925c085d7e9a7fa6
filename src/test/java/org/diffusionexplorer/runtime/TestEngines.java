package org.diffusionexplorer.runtime;

/**
 * The engine tests run twice in {@code mvn test}: once on the fastest engine, once on OpenBLAS (the surefire
 * execution "engine-on-openblas" passes {@code -Dtest.engine=blas}, a test-only property; users choose with
 * {@code --engine}).
 */
public final class TestEngines {
    private TestEngines() {
    }

    public static Engine selectForThisRun() {
        String p = System.getProperty("test.engine");
        Engine e = p == null ? Engine.fastest() : Engine.parse(p);
        Engine.select(e);
        return e;
    }
}
