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
        String[] broken = {"", "not json", "[1, 2]", "{\"dark_theme\": true", "{\"dark_theme\": true, \"recent_files\": [\"/a\"", "\u0000\u0001\u0002"};
        Path f = dir.resolve("settings.json");
        for (String b : broken) {
            Files.writeString(f, b);
            Settings s = Settings.load(f);
            assertFalse(s.darkTheme(), b);
            assertEquals(512, s.maxSide(), b);
            assertTrue(s.recentFiles().isEmpty(), b);
        }
    }

    /** A hand-edited field of another type keeps only that field's default; numbers and booleans in other spellings are read. */
    @Test
    void aMistypedFieldLosesOnlyItself() throws Exception {
        Path f = dir.resolve("settings.json");
        String[][] cases = { // file, expected dark theme, expected max side, expected recent count
                {"{\"dark_theme\": \"yes\", \"max_side\": 640, \"recent_files\": [\"/a.png\"]}", "false", "640", "1"},
                {"{\"dark_theme\": true, \"max_side\": \"768\"}", "true", "768", "0"},
                {"{\"dark_theme\": 1, \"max_side\": 1024.0}", "true", "1024", "0"},
                {"{\"dark_theme\": \"true\", \"max_side\": 1e9}", "true", "512", "0"},
                {"{\"dark_theme\": true, \"max_side\": 99999999999}", "true", "512", "0"},
                {"{\"recent_files\": \"/tmp/x.png\", \"dark_theme\": true}", "true", "512", "0"},
                {"{\"recent_files\": [1, \"/b.png\", {\"x\": 1}], \"dark_theme\": true}", "true", "512", "1"},
                {"{\"engine\": {\"name\": \"blas\"}, \"dark_theme\": true, \"max_side\": [1]}", "true", "512", "0"},
                {"{\"max_side\": 3, \"recent_files\": [null, \"\", \"/tmp/k.png\"], \"dark_theme\": true}", "true", "512", "1"},
                {"{\"recent_files\": null}", "false", "512", "0"},
        };
        for (String[] c : cases) {
            Files.writeString(f, c[0]);
            Settings s = Settings.load(f);
            assertEquals(Boolean.parseBoolean(c[1]), s.darkTheme(), c[0]);
            assertEquals(Integer.parseInt(c[2]), s.maxSide(), c[0]);
            assertEquals(Integer.parseInt(c[3]), s.recentFiles().size(), c[0]);
        }
        Files.writeString(f, "{\"engine\": {\"name\": \"blas\"}}");
        assertNull(Settings.load(f).engine());
    }
}
