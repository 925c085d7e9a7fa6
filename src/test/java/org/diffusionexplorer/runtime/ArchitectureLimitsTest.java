package org.diffusionexplorer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelJson;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Mlp;
import org.diffusionexplorer.runtime.engine.Param;
import org.diffusionexplorer.runtime.engine.UNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** model.json is validated and its network counted before anything is allocated; weights are checked from their header. */
class ArchitectureLimitsTest {
    @TempDir
    Path dir;

    @Test
    void theShapesComputedWithoutBuildingAreTheNetworksOwn() throws Exception {
        List<EngineModel> nets = List.of(
                new UNet(Architectures.unetPreset("tiny", 1, 28), 0), new UNet(Architectures.unetPreset("small", 3, 32), 0),
                new UNet(Architectures.unetPreset("large", 1, 28), 0),
                new UNet(new UNetConfig(2, 8, 8, new int[]{1}, 3, 4, 6, false), 0),
                new UNet(new UNetConfig(1, 16, 8, new int[]{2, 1, 3}, 2, 8, 10, false), 0),
                new Mlp(new MlpConfig(2, 64, 2, 16), 0), new Mlp(new MlpConfig(3, 8, 1, 4), 0),
                new UNet(Architectures.unetPreset("tiny", 1, 28).withClasses(10), 0), new Mlp(new MlpConfig(2, 32, 2, 8, 3), 0));
        for (EngineModel m : nets) {
            Map<String, long[]> shapes = Architectures.parameterShapes(Architectures.describe(m));
            assertEquals(m.params().size(), shapes.size(), m.toString());
            long n = 0;
            for (Param p : m.params()) {
                assertArrayEquals(p.fileShape, shapes.get(p.name), p.name);
                n += p.size();
            }
            assertEquals(n, Architectures.parameterCount(Architectures.describe(m)));
        }
    }

    private static ObjectNode unet(String multipliers, int timeFeatures) throws Exception {
        return (ObjectNode) ModelBundle.mapper().readTree("{\"type\":\"unet\",\"channels\":1,\"size\":28,\"base\":32,\"multipliers\":" + multipliers
                + ",\"res_blocks\":1,\"groups\":8,\"time_features\":" + timeFeatures + "}");
    }

    @Test
    void hostileDescriptionsAreRefusedBeforeAnyAllocation() throws Exception {
        List<JsonNode> bad = List.of(unet("[1,1000000,2]", 64), unet("[1,2,2]", 1_000_000), unet("[1,8388608,2]", 64),
                unet("[1,2,2,2,2,2]", 64), unet("[1,\"x\",2]", 64), unet("[]", 64), unet("[1,2]", -4),
                ModelBundle.mapper().readTree("{\"type\":\"mlp\",\"dim\":2,\"width\":4096,\"depth\":12,\"time_features\":64}"),
                ModelBundle.mapper().readTree("{\"type\":\"mlp\",\"dim\":2,\"width\":4096,\"depth\":12,\"time_features\":2147483646}"),
                ModelBundle.mapper().readTree("{\"type\":\"unet\",\"channels\":4,\"size\":256,\"base\":512,\"multipliers\":[8,8,8,8,8],\"res_blocks\":4,\"groups\":8,\"time_features\":64}"),
                ModelBundle.mapper().readTree("{\"type\":\"transformer\"}"), ModelBundle.mapper().readTree("[]"));
        for (JsonNode a : bad) {
            InputException e = assertThrows(InputException.class, () -> Architectures.parameterShapes(a), a.toString());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertThrows(InputException.class, () -> Architectures.create(a, 0), a.toString());
        }
        InputException big = assertThrows(InputException.class, () -> Architectures.parameterShapes(bad.get(7)));
        assertTrue(big.getMessage().contains("over the limit"), big.getMessage());
    }

    /** A bundle of a tiny MLP; weights replaced by a file with the given header and data length (sparse). */
    private Path bundle(String sha256) throws Exception {
        Mlp m = new Mlp(new MlpConfig(2, 8, 1, 4), 1);
        ModelJson j = new ModelJson();
        j.id = "t";
        j.architecture = Architectures.describe(m);
        j.inputShape = m.itemShape();
        j.schedule = ModelBundle.mapper().readTree(ScheduleFiles.toJson(new ScheduleSpec.Linear(100, 1e-4, 0.05, false)));
        Path b = dir.resolve("b");
        ModelBundle.write(b, j, Architectures.weights(m), null);
        if (sha256 == null) {
            ModelJson k = ModelBundle.read(b).json();
            k.weights.sha256 = null;
            Files.writeString(b.resolve("model.json"), ModelBundle.mapper().writeValueAsString(k));
        }
        return b;
    }

    private static void writeHeader(Path file, Map<String, long[]> tensors, long dataBytes) throws Exception {
        StringBuilder h = new StringBuilder("{");
        long off = 0;
        for (var e : tensors.entrySet()) {
            long bytes = 4;
            for (long d : e.getValue()) bytes *= d;
            if (h.length() > 1) h.append(',');
            h.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":").append(Arrays.toString(e.getValue()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(off).append(',').append(off + bytes).append("]}");
            off += bytes;
        }
        byte[] json = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.setLength(8 + json.length + (dataBytes < 0 ? off : dataBytes)); // sparse: no disk, no time
        }
    }

    @Test
    void weightsOfTheWrongShapeOrSizeAreRefusedFromTheHeader() throws Exception {
        Path b = bundle(null);
        Path w = b.resolve("weights.safetensors");
        Map<String, long[]> shapes = new LinkedHashMap<>(Architectures.parameterShapes(ModelBundle.read(b).json().architecture));
        // a 1.6 GB tensor where the architecture wants 8×6 (it would take seconds and gigabytes to read)
        shapes.put("in.weight", new long[]{400_000_000});
        writeHeader(w, shapes, -1);
        InputException e = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(b)));
        assertTrue(e.getMessage().contains("in.weight") && e.getMessage().contains("needs"), e.getMessage());
        // one over 2 GiB
        shapes.put("in.weight", new long[]{600_000_000});
        writeHeader(w, shapes, -1);
        e = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(b)));
        assertTrue(e.getMessage().contains("needs"), e.getMessage());
        // an extra tensor, a missing one
        shapes = new LinkedHashMap<>(Architectures.parameterShapes(ModelBundle.read(b).json().architecture));
        shapes.put("extra", new long[]{3});
        writeHeader(w, shapes, -1);
        e = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(b)));
        assertTrue(e.getMessage().contains("unexpected tensor 'extra'"), e.getMessage());
        // offsets past the end of the file
        shapes.remove("extra");
        writeHeader(w, shapes, 16);
        e = assertThrows(InputException.class, () -> SafeTensors.header(w));
        assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
    }

    @Test
    void aBundleWithoutChecksumLoadsButSaysItIsUnverified() throws Exception {
        Path b = bundle(null);
        ModelBundle mb = ModelBundle.read(b);
        assertFalse(mb.verified());
        assertEquals(2, LoadedModel.load(mb).denoiser().itemShape()[0]);
        assertTrue(ModelBundle.read(bundle("yes")).verified());
    }

    @Test
    void bundlesAreByteReproducible() throws Exception {
        Mlp m = new Mlp(new MlpConfig(2, 8, 1, 4), 1);
        ModelJson j = new ModelJson();
        j.id = "t";
        j.architecture = Architectures.describe(m);
        j.inputShape = m.itemShape();
        j.schedule = ModelBundle.mapper().readTree(ScheduleFiles.toJson(new ScheduleSpec.Linear(100, 1e-4, 0.05, false)));
        ModelBundle.write(dir.resolve("x"), j, Architectures.weights(m), "card");
        String first = ModelBundle.read(dir.resolve("x")).json().weights.sha256;
        ModelBundle.write(dir.resolve("x"), j, Architectures.weights(m), "card");
        assertEquals(first, ModelBundle.read(dir.resolve("x")).json().weights.sha256);
        // the metadata is written in sorted order, whatever the JVM's hash seed
        String header = new String(Files.readAllBytes(dir.resolve("x/weights.safetensors")), 8, 60, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"diffusion-explorer\",\"model\":\"t\"}"), header);
    }
}
