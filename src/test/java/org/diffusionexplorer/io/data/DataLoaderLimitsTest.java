package org.diffusionexplorer.io.data;

import org.diffusionexplorer.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data loaders check declared sizes against the file and against memory before allocating. */
class DataLoaderLimitsTest {
    @TempDir
    Path dir;

    private static byte[] idx(int n, int h, int w, int actualImages) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x803);
        d.writeInt(n);
        d.writeInt(h);
        d.writeInt(w);
        for (int i = 0; i < actualImages * h * w; i++) d.write(i % 251);
        return b.toByteArray();
    }

    private Path write(String name, byte[] bytes, boolean gz) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path f = folder.resolve("train-images-idx3-ubyte" + (gz ? ".gz" : ""));
        try (OutputStream o = gz ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f)) {
            o.write(bytes);
        }
        return folder;
    }

    @Test
    void wellFormedIdxLoadsPlainAndGzipped() throws Exception {
        for (boolean gz : new boolean[]{false, true}) {
            var d = FashionMnist.train(write("ok" + gz, idx(5, 4, 3, 5), gz));
            assertEquals(5, d.size());
            assertEquals(-1f, d.items().data()[0]);
        }
    }

    @Test
    void headersThatClaimMoreThanTheFileHoldsAreRefusedBeforeAllocating() throws Exception {
        // a 16-byte header claiming 2047×1024×1024 (2 GB): refused from the file's size, nothing allocated
        InputException e = assertThrows(InputException.class, () -> FashionMnist.train(write("big", idx(2047, 1024, 1024, 0), false)));
        assertTrue(e.getMessage().contains("declares") || e.getMessage().contains("implausible"), e.getMessage());
        e = assertThrows(InputException.class, () -> FashionMnist.train(write("huge", idx(1_000_000, 1024, 1024, 0), false)));
        assertTrue(!e.getMessage().contains("-2147483648"), e.getMessage());
        // gzip: the trailer's uncompressed size gives the claim away
        e = assertThrows(InputException.class, () -> FashionMnist.train(write("gz", idx(1000, 28, 28, 10), true)));
        assertTrue(e.getMessage().contains("declares 1000 images of 28×28"), e.getMessage());
        // plain file one image short
        e = assertThrows(InputException.class, () -> FashionMnist.train(write("short", idx(3, 28, 28, 2), false)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // a gzip cut short
        byte[] whole;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(idx(50, 28, 28, 50));
        }
        whole = b.toByteArray();
        Path cut = Files.createDirectories(dir.resolve("cut"));
        Files.write(cut.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(InputException.class, () -> FashionMnist.train(cut));
        assertTrue(!e.getMessage().contains("null"), e.getMessage());
    }

    private Path csv(String text) throws Exception {
        Path p = dir.resolve("p" + System.nanoTime() + ".csv");
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void pointsCsvRefusesHugeValuesLongLinesAndNonUtf8AndReadsABom() throws Exception {
        InputException e = assertThrows(InputException.class, () -> PointsCsv.read(csv("x,y\n1,2\n1e300,0\n")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("rescale"), e.getMessage());
        e = assertThrows(InputException.class, () -> PointsCsv.read(csv("1," + "1".repeat(5000) + "\n")));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, new byte[]{'x', ',', 'y', '\n', (byte) 0xe9, ',', '1', '\n'});
        e = assertThrows(InputException.class, () -> PointsCsv.read(latin));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        // a UTF-8 BOM before a first data row: the row is data, not a header
        var d = PointsCsv.read(csv("\uFEFF0.5,1\n2,3\n"));
        assertEquals(2, d.size());
        assertEquals(0.5f, d.items().data()[0]);
    }
}
