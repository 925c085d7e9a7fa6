package org.diffusionexplorer.io.bundle;

import org.diffusionexplorer.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bundle is written whole or not at all (a failure mid-way, e.g. a full disk, keeps the earlier bundle). */
class ModelBundleWriteTest {
    private static ModelJson json(String id) {
        ModelJson j = new ModelJson();
        j.id = id;
        j.inputShape = new int[]{2};
        j.architecture = ModelBundle.mapper().createObjectNode().put("type", "test");
        j.schedule = ModelBundle.mapper().createObjectNode().put("kind", "linear");
        return j;
    }

    private static Map<String, SafeTensors.Entry> weights(float v) {
        return Map.of("w", new SafeTensors.Entry(new long[]{3}, new float[]{v, v, v}));
    }

    private static long hidden(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void replacesAnEarlierBundleAndLeavesNoStagingFolders(@TempDir Path tmp) throws Exception {
        Path b = tmp.resolve("bundle");
        ModelBundle.write(b, json("one"), weights(1), "# one\n", s -> Files.writeString(s.resolve("samples.png"), "x"));
        ModelBundle.write(b, json("two"), weights(2), "# two\n");
        assertEquals("# two\n", Files.readString(b.resolve("README.md")));
        assertTrue(Files.notExists(b.resolve("samples.png")), "files of the earlier bundle do not linger");
        assertArrayEquals(new float[]{2, 2, 2}, SafeTensors.read(b.resolve("weights.safetensors")).get("w").data());
        assertEquals(0, hidden(tmp));
    }

    @Test
    void aFailureMidWayKeepsTheEarlierBundleIntact(@TempDir Path tmp) throws Exception {
        Path b = tmp.resolve("bundle");
        ModelBundle.write(b, json("one"), weights(1), "# one\n");
        byte[] before = Files.readAllBytes(b.resolve("model.json"));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.write(b, json("two"), weights(2), "# two\n", s -> {
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(b.resolve("model.json")));
        assertEquals("# one\n", Files.readString(b.resolve("README.md")));
        assertEquals(0, hidden(tmp), "the staging folder is removed");
        // and with no earlier bundle, a failure leaves nothing at all
        Path c = tmp.resolve("fresh");
        assertThrows(IOException.class, () -> ModelBundle.write(c, json("x"), weights(3), null, s -> {
            throw new IOException("No space left on device");
        }));
        assertTrue(Files.notExists(c));
        assertEquals(0, hidden(tmp));
    }
}
