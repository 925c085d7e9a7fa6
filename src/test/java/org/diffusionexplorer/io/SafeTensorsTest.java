package org.diffusionexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static Map<String, SafeTensors.Entry> sample() {
        Map<String, SafeTensors.Entry> m = new LinkedHashMap<>();
        m.put("conv.weight", new SafeTensors.Entry(new long[]{2, 1, 3, 3}, floats(18, 0.5f)));
        m.put("conv.bias", new SafeTensors.Entry(new long[]{2}, new float[]{Float.MIN_VALUE, -0f}));
        m.put("scalar", new SafeTensors.Entry(new long[]{}, new float[]{3.25f}));
        return m;
    }

    static float[] floats(int n, float s) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) Math.sin(i) * s;
        return f;
    }

    @Test
    void roundTripIsBitExactAndOrdered() throws Exception {
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, sample(), Map.of("k", "v"));
        Map<String, SafeTensors.Entry> back = SafeTensors.read(p);
        assertEquals(sample().keySet().stream().toList(), back.keySet().stream().toList());
        for (var e : sample().entrySet()) {
            assertArrayEquals(e.getValue().shape(), back.get(e.getKey()).shape());
            for (int i = 0; i < e.getValue().data().length; i++) {
                assertEquals(Float.floatToRawIntBits(e.getValue().data()[i]), Float.floatToRawIntBits(back.get(e.getKey()).data()[i]));
            }
        }
        assertEquals("v", SafeTensors.metadata(p).get("k"));
        byte[] b = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data section aligned");
    }

    static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void corruptFilesAreRefusedWithOneLine() throws Exception {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, sample(), null);
        byte[] g = Files.readAllBytes(good);
        Object[][] cases = {
                {new byte[0], "truncated"},
                {new byte[5], "truncated"},
                {Arrays.copyOf(g, g.length - 4), "outside the file"},
                {ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array(), "invalid safetensors header length"},
                {file("{not json", 0), "not valid JSON"},
                {file("[1,2]", 0), "not a JSON object"},
                {file("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "dtype F16"},
                {file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "does not match its byte range"},
                {file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlaps"},
                {file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12), "bytes after the last tensor"},
                {file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "invalid shape"},
                {file("{\"a\":{\"dtype\":\"F32\",\"shape\":\"x\",\"data_offsets\":[0,8]}}", 8), "malformed"},
        };
        int i = 0;
        for (Object[] c : cases) {
            Path p = Files.write(dir.resolve("bad" + i++ + ".safetensors"), (byte[]) c[0]);
            InputException e = assertThrows(InputException.class, () -> SafeTensors.read(p));
            assertTrue(e.getMessage().contains((String) c[1]), "'" + e.getMessage() + "' should contain '" + c[1] + "'");
        }
    }
}
