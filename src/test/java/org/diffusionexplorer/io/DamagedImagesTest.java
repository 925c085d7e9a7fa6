package org.diffusionexplorer.io;

import org.diffusionexplorer.io.image.ImageLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One rule for damaged images: refused with a message that names the damage, never decoded into a partly grey
 * picture. The JDK's decoders accept every one of these files silently (or with a warning nobody reads).
 */
class DamagedImagesTest {
    static Path images() throws Exception {
        return Path.of(DamagedImagesTest.class.getResource("/hostile/images/truncated.jpg").toURI()).getParent();
    }

    @Test
    void damagedFilesAreRefusedNamingTheDamage() throws Exception {
        ImageLoader loader = new ImageLoader();
        for (String f : new String[]{"truncated.jpg", "bad-crc.png", "truncated.png", "truncated.gif", "10000x10000-1k.bmp"}) {
            Path p = images().resolve(f);
            InputException e = assertThrows(InputException.class, () -> loader.load(p), f);
            assertTrue(e.getMessage().contains("damaged") && (e.getMessage().contains("truncated") || e.getMessage().contains("CRC")), e.getMessage());
            // the same from bytes (a paste, a resource)
            byte[] b = Files.readAllBytes(p);
            e = assertThrows(InputException.class, () -> loader.load(b, f), f);
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void aJpegCutAnywhereIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(Path.of(DamagedImagesTest.class.getResource("/cmyk.jpg").toURI()));
        ImageLoader loader = new ImageLoader();
        loader.load(whole, "cmyk.jpg"); // the whole file loads
        for (int cut : new int[]{whole.length - 2, whole.length * 3 / 4, whole.length / 2}) {
            assertThrows(InputException.class, () -> loader.load(Arrays.copyOf(whole, cut), "cut.jpg"), "cut at " + cut);
        }
    }
}
