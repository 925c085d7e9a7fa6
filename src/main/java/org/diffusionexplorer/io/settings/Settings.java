package org.diffusionexplorer.io.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.diffusionexplorer.io.AtomicFiles;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * User settings kept between runs (recent files, theme, working size), stored as versioned JSON in the user's
 * config folder ({@code $XDG_CONFIG_HOME/diffusion-explorer} or {@code ~/.config/diffusion-explorer}; the system
 * property {@code diffusionexplorer.config} overrides it). A missing or broken file gives the defaults.
 *
 * <p>Read and written with Jackson's streaming API (jackson-core) rather than data binding: the settings are read at
 * every start, and data binding loads and initialises some 430 classes more, on the start-up path and in the
 * installed app's class-data archive.
 */
public final class Settings {
    public static final int MAX_RECENT = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Json json;

    /** The file's fields (unknown ones are skipped, a mistyped one keeps its default). */
    static final class Json {
        int version = 1;
        List<String> recentFiles = new ArrayList<>();
        boolean darkTheme;
        int maxSide = 512;
        String exportFolder;
        String exportFormat;
        String engine;

        /**
         * Reads the object; a field of an unexpected type keeps its default (a hand-edited file loses only that
         * field), numbers given as strings or integral decimals and booleans given as 0/1 or strings are taken.
         * Malformed JSON throws (the whole file then gives the defaults).
         */
        static Json parse(JsonParser p) throws IOException {
            Json j = new Json();
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "version" -> j.version = intValue(p, v, j.version);
                    case "dark_theme" -> j.darkTheme = boolValue(p, v, j.darkTheme);
                    case "max_side" -> j.maxSide = intValue(p, v, j.maxSide);
                    case "export_folder" -> j.exportFolder = text(p, v, j.exportFolder);
                    case "export_format" -> j.exportFormat = text(p, v, j.exportFormat);
                    case "engine" -> j.engine = text(p, v, j.engine);
                    case "recent_files" -> {
                        if (v == JsonToken.START_ARRAY) {
                            j.recentFiles = new ArrayList<>();
                            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                                if (e == null) throw new IOException("truncated settings");
                                String r = text(p, e, null);
                                if (r != null) j.recentFiles.add(r);
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren(); // a newer version's field, or a hand-edited one
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw new IOException("truncated settings");
            return j;
        }

        private static int intValue(JsonParser p, JsonToken v, int fallback) throws IOException {
            double d;
            if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                d = p.getDoubleValue();
            } else if (v == JsonToken.VALUE_STRING) {
                try {
                    d = Double.parseDouble(p.getText().trim());
                } catch (NumberFormatException e) {
                    return fallback;
                }
            } else {
                p.skipChildren();
                return fallback;
            }
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : fallback;
        }

        private static boolean boolValue(JsonParser p, JsonToken v, boolean fallback) throws IOException {
            return switch (v) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() != 0 : fallback;
                case VALUE_STRING -> "true".equalsIgnoreCase(p.getText().trim()) || (!"false".equalsIgnoreCase(p.getText().trim()) && fallback);
                default -> {
                    p.skipChildren();
                    yield fallback;
                }
            };
        }

        private static String text(JsonParser p, JsonToken v, String fallback) throws IOException {
            if (v == JsonToken.VALUE_NULL) return null;
            if (v == JsonToken.VALUE_STRING) return p.getText();
            p.skipChildren();
            return fallback;
        }

        String write() throws IOException {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
                g.writeStartObject();
                g.writeNumberField("version", version);
                g.writeArrayFieldStart("recent_files");
                for (String r : recentFiles) g.writeString(r);
                g.writeEndArray();
                g.writeBooleanField("dark_theme", darkTheme);
                g.writeNumberField("max_side", maxSide);
                g.writeStringField("export_folder", exportFolder);
                g.writeStringField("export_format", exportFormat);
                g.writeStringField("engine", engine);
                g.writeEndObject();
            }
            return w.toString();
        }
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
            if (Files.isRegularFile(file) && Files.size(file) < 1 << 20) {
                try (JsonParser p = JSON.createParser(file.toFile())) {
                    j = Json.parse(p);
                }
            }
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
            AtomicFiles.writeString(file, json.write());
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
