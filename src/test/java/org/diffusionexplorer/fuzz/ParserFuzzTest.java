package org.diffusionexplorer.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.NpyReader;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.data.FashionMnist;
import org.diffusionexplorer.io.data.PointsCsv;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.runtime.Architectures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzing of every parser of user files (Jazzer). A parser may accept an input or refuse it with an InputException
 * (one line for the user); any other exception or error, a hang or an allocation out of proportion is a finding.
 *
 * `mvn test` runs each target over its seeds (src/test/resources/org/diffusionexplorer/fuzz/ParserFuzzTestInputs/)
 * and a short stretch of fuzzing is in .ci/fuzz; a longer run of one target:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ParserFuzzTest#safetensors -Djazzer.max_duration=10m} (findings are written
 * next to the seeds, the working corpus to .cifuzz-corpus/).
 */
class ParserFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("de-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(String name, byte[] bytes) {
        try {
            return Files.write(DIR.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void safetensors(byte[] data) {
        Path p = file("w.safetensors", data);
        try {
            SafeTensors.Header h = SafeTensors.header(p);
            Map<String, SafeTensors.Entry> all = SafeTensors.read(p, null);
            if (all.size() != h.tensors().size()) throw new AssertionError("read and header disagree");
        } catch (InputException expected) {
            // refused with a message
        }
    }

    @FuzzTest(maxDuration = "20s")
    void scheduleJson(byte[] data) {
        try {
            ScheduleFiles.readJson(file("s.json", data));
        } catch (InputException expected) {
            // refused with a message
        }
    }

    @FuzzTest(maxDuration = "20s")
    void npy(byte[] data) {
        try {
            NpyReader.read(file("a.npy", data));
        } catch (InputException expected) {
            // refused with a message
        }
    }

    @FuzzTest(maxDuration = "20s")
    void pointsCsv(byte[] data) {
        try {
            PointsCsv.read(file("p.csv", data));
        } catch (InputException expected) {
            // refused with a message
        }
    }

    @FuzzTest(maxDuration = "20s")
    void idx(byte[] data) {
        Path d = DIR.resolve("idx");
        try {
            Files.createDirectories(d);
            Files.write(d.resolve("train-images-idx3-ubyte"), data);
            FashionMnist.train(d);
        } catch (InputException expected) {
            // refused with a message
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void image(byte[] data) {
        try {
            new ImageLoader(64, 1f).load(data, "fuzz");
        } catch (InputException expected) {
            // refused with a message
        }
    }

    /** model.json: the bundle reader, then the architecture's validation and parameter count (nothing allocated). */
    @FuzzTest(maxDuration = "20s")
    void modelJson(FuzzedDataProvider in) {
        Path d = DIR.resolve("bundle");
        try {
            Files.createDirectories(d);
            Files.writeString(d.resolve("weights.safetensors"), "x");
            Files.write(d.resolve("model.json"), in.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8));
            ModelBundle b = ModelBundle.read(d);
            Architectures.parameterShapes(b.json().architecture);
        } catch (InputException expected) {
            // refused with a message
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
