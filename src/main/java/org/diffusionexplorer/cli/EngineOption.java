package org.diffusionexplorer.cli;

import org.diffusionexplorer.runtime.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Iterator;
import java.util.List;

/** {@code --engine vector|blas|samediff}, the one switch for what runs the networks (default: the fastest here). */
final class EngineOption {
    @Option(names = "--engine", paramLabel = "ENGINE", completionCandidates = Names.class, converter = Converter.class,
            description = "what runs the network: vector (our engine on the Java Vector API), blas (our engine on OpenBLAS) or samediff (ND4J SameDiff graphs); default: the fastest here")
    Engine engine;

    /** Selects the chosen engine (or the fastest) for this process; returns it. */
    Engine apply() {
        Engine e = engine != null ? engine : Engine.fastest();
        Engine.select(e);
        return e;
    }

    static final class Converter implements CommandLine.ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            try {
                return Engine.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("vector", "blas", "samediff").iterator();
        }
    }
}
