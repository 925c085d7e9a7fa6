package org.diffusionexplorer.io.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.diffusionexplorer.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * User settings kept between runs (recent files, theme, working size), stored as versioned JSON in the user's
 * config folder ({@code $XDG_CONFIG_HOME/diffusion-explorer} or {@code ~/.config/diffusion-explorer}; the system
 * property {@code diffusionexplorer.config} overrides it). A missing or broken file gives the defaults.
 */
public final class Settings {
    public static final int MAX_RECENT = 10;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;
    private final Json json;

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Json {
        @JsonProperty("version") public int version = 1;
        @JsonProperty("recent_files") public List<String> recentFiles = new ArrayList<>();
        @JsonProperty("dark_theme") public boolean darkTheme;
        @JsonProperty("max_side") public int maxSide = 512;
        @JsonProperty("export_folder") public String exportFolder;
        @JsonProperty("export_format") public String exportFormat;
        @JsonProperty("engine") public String engine;
    }

    private Settings(Path file, Json json) {
        this.file = file;
        this.json = json;
    }

    public static Path defaultFolder() {
        String prop = System.getProperty("diffusionexplorer.config");
        if (prop != null) return Path.of(prop);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("diffusion-explorer");
    }

    public static Settings load() {
        return load(defaultFolder().resolve("settings.json"));
    }

    public static Settings load(Path file) {
        Json j = null;
        try {
            if (Files.isRegularFile(file) && Files.size(file) < 1 << 20) j = MAPPER.readValue(file.toFile(), Json.class);
        } catch (IOException | RuntimeException e) {
            j = null; // broken settings never stop the app
        }
        if (j == null) j = new Json();
        if (j.recentFiles == null) j.recentFiles = new ArrayList<>();
        // a hand-edited or foreign file: no nulls, no absurd entries, at most MAX_RECENT (the menu shows them all)
        j.recentFiles.removeIf(r -> r == null || r.isBlank() || r.length() > 4096);
        j.recentFiles = new ArrayList<>(new LinkedHashSet<>(j.recentFiles).stream().limit(MAX_RECENT).toList());
        if (j.maxSide < 16 || j.maxSide > 8192) j.maxSide = 512;
        return new Settings(file, j);
    }

    public void save() {
        try {
            AtomicFiles.writeString(file, MAPPER.writeValueAsString(json));
        } catch (IOException e) {
            System.err.println("warning: could not save settings to " + file + ": " + e.getMessage());
        }
    }

    public List<Path> recentFiles() {
        List<Path> out = new ArrayList<>();
        for (String s : json.recentFiles) {
            try {
                out.add(Path.of(s));
            } catch (RuntimeException ignored) {
                // an unparsable path from another system
            }
        }
        return out;
    }

    public void addRecent(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        json.recentFiles.remove(s);
        json.recentFiles.add(0, s);
        while (json.recentFiles.size() > MAX_RECENT) json.recentFiles.remove(json.recentFiles.size() - 1);
    }

    public boolean darkTheme() { return json.darkTheme; }
    public void setDarkTheme(boolean dark) { json.darkTheme = dark; }
    public int maxSide() { return json.maxSide; }
    public void setMaxSide(int px) { json.maxSide = px; }

    /** The folder of the last export (null if none or unusable). */
    public Path exportFolder() {
        try {
            return json.exportFolder == null ? null : Path.of(json.exportFolder);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public void setExportFolder(Path p) { json.exportFolder = p == null ? null : p.toAbsolutePath().normalize().toString(); }

    /** The last export format's CLI name (gif, apng, …), or null. */
    public String exportFormat() { return json.exportFormat; }

    public void setExportFormat(String f) { json.exportFormat = f; }

    /** The chosen engine's name (vector, blas, samediff), or null for the fastest. */
    public String engine() { return json.engine; }

    public void setEngine(String e) { json.engine = e; }
}
