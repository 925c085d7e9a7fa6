package org.diffusionexplorer.io;

import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedule JSON: a BOM is fine, duplicate keys, a foreign format and non-UTF-8 are refused with a sentence. */
class ScheduleJsonStrictTest {
    @TempDir
    Path dir;

    private Path file(byte[] b) throws Exception {
        Path p = dir.resolve("s" + System.nanoTime() + ".json");
        Files.write(p, b);
        return p;
    }

    @Test
    void aUtf8BomIsAccepted() throws Exception {
        String json = ScheduleFiles.toJson(new ScheduleSpec.Linear(50, 1e-4, 0.02, false));
        byte[] body = json.getBytes(StandardCharsets.UTF_8), withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertEquals(ScheduleFiles.readJson(file(body)), ScheduleFiles.readJson(file(withBom)));
    }

    @Test
    void duplicateKeysForeignFormatsAndOtherEncodingsAreRefused() throws Exception {
        InputException e = assertThrows(InputException.class, () -> ScheduleFiles.readJson(file(
                "{\"preset\":\"linear\",\"steps\":10,\"steps\":1000}".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("Duplicate field 'steps'"), e.getMessage());
        e = assertThrows(InputException.class, () -> ScheduleFiles.readJson(file(
                "{\"format\":\"other/thing\",\"preset\":\"linear\"}".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("format must be"), e.getMessage());
        e = assertThrows(InputException.class, () -> ScheduleFiles.readJson(file(
                "{\"preset\":\"linear\",\"n\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        // no format at all (written by hand) is still read
        assertEquals(ScheduleSpec.Linear.class, ScheduleFiles.readJson(file("{\"preset\":\"linear\",\"steps\":20}".getBytes(StandardCharsets.UTF_8))).getClass());
    }
}
