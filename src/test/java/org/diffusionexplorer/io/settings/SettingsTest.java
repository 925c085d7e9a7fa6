package org.diffusionexplorer.io.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings file: written and read back, read as earlier versions wrote it, and broken files giving the defaults. */
class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldSurvivesARoundTrip() throws Exception {
        Path f = dir.resolve("settings.json");
        Settings s = Settings.load(f);
        s.addRecent(dir.resolve("a \"quoted\" ünïcode.png"));
        s.addRecent(dir.resolve("b.png"));
        s.setDarkTheme(true);
        s.setMaxSide(1024);
        s.setExportFolder(dir.resolve("out"));
        s.setExportFormat("apng");
        s.setEngine("blas");
        s.save();
        Settings r = Settings.load(f);
        assertEquals(List.of(dir.resolve("b.png").toAbsolutePath(), dir.resolve("a \"quoted\" ünïcode.png").toAbsolutePath()), r.recentFiles());
        assertTrue(r.darkTheme());
        assertEquals(1024, r.maxSide());
        assertEquals(dir.resolve("out").toAbsolutePath(), r.exportFolder());
        assertEquals("apng", r.exportFormat());
        assertEquals("blas", r.engine());
        assertTrue(Files.readString(f).startsWith("{\n  \"version\" : 1,\n  \"recent_files\" : [ "), "the same layout as before:\n" + Files.readString(f));
    }

    /** Exactly what the data-binding version wrote (its nulls included), plus a newer version's unknown fields. */
    @Test
    void readsTheEarlierFormatAndSkipsUnknownFields() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, """
                {
                  "version" : 1,
                  "recent_files" : [ "/tmp/x.png", "/tmp/y.jpg" ],
                  "dark_theme" : true,
                  "max_side" : 768,
                  "export_folder" : null,
                  "export_format" : "gif",
                  "engine" : null,
                  "future" : { "nested" : [ 1, { "deep" : true } ] },
                  "also_future" : [ ]
                }
                """);
        Settings s = Settings.load(f);
        assertEquals(List.of(Path.of("/tmp/x.png"), Path.of("/tmp/y.jpg")), s.recentFiles());
        assertTrue(s.darkTheme());
        assertEquals(768, s.maxSide());
        assertNull(s.exportFolder());
        assertEquals("gif", s.exportFormat());
        assertNull(s.engine());
    }

    @Test
    void brokenFilesGiveTheDefaults() throws Exception {
        String[] broken = {
                "", "not json", "[1, 2]", "{\"dark_theme\": true", "{\"dark_theme\": \"yes\"}", "{\"max_side\": 1e9}",
                "{\"max_side\": 99999999999}", "{\"recent_files\": \"/tmp/x.png\", \"dark_theme\": true}",
                "{\"recent_files\": [1, 2], \"dark_theme\": true}", "{\"dark_theme\": true, \"recent_files\": [\"/a\"",
                "{\"engine\": {\"name\": \"blas\"}, \"dark_theme\": true}", "\u0000\u0001\u0002",
        };
        Path f = dir.resolve("settings.json");
        for (String b : broken) {
            Files.writeString(f, b);
            Settings s = Settings.load(f);
            assertFalse(s.darkTheme(), b);
            assertEquals(512, s.maxSide(), b);
            assertTrue(s.recentFiles().isEmpty(), b);
        }
        // values out of range are repaired one by one; nulls in the list dropped
        Files.writeString(f, "{\"max_side\": 3, \"recent_files\": [null, \"\", \"/tmp/k.png\"], \"dark_theme\": true}");
        Settings s = Settings.load(f);
        assertEquals(512, s.maxSide());
        assertEquals(List.of(Path.of("/tmp/k.png")), s.recentFiles());
        assertTrue(s.darkTheme());
        Files.writeString(f, "{\"recent_files\": null}");
        assertTrue(Settings.load(f).recentFiles().isEmpty());
    }
}
