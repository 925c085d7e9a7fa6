package org.diffusionexplorer.io.bundle;

import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.StagedFolder;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where models are found: the bundled ones in {@code pretrained/} (next to the jar, one level up from target/, or in
 * the working folder; the system property {@code diffusionexplorer.pretrained} overrides) and the user's own in
 * {@code ~/.local/share/diffusion-explorer/models} (trained models are added there).
 */
public final class ModelRegistry {
    private ModelRegistry() {
    }

    public static List<Path> searchFolders() {
        List<Path> out = new ArrayList<>();
        String prop = System.getProperty("diffusionexplorer.pretrained");
        if (prop != null) out.add(Path.of(prop));
        var source = ModelRegistry.class.getProtectionDomain().getCodeSource();
        try {
            // no code source (some class loaders give none): only the working folder and the user's models
            Path jar = source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
            if (jar == null) throw new URISyntaxException("-", "no code source");
            Path base = Files.isDirectory(jar) ? jar : jar.getParent();
            if (base != null) {
                out.add(base.resolve("pretrained"));
                if (base.getParent() != null) out.add(base.getParent().resolve("pretrained"));
                if (base.getParent() != null && base.getParent().getParent() != null) out.add(base.getParent().getParent().resolve("pretrained"));
            }
        } catch (URISyntaxException | SecurityException | FileSystemNotFoundException | IllegalArgumentException ignored) {
            // no code source: fall back to the working folder
        }
        out.add(Path.of("pretrained").toAbsolutePath());
        out.add(userModels());
        return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    public static Path userModels() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("diffusion-explorer").resolve("models");
    }

    /** All bundles found, by id (the first found wins), each with its folder. */
    public static Map<String, Path> list() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path dir : searchFolders()) {
            if (!Files.isDirectory(dir)) continue;
            recoverInterruptedWrites(dir);
            try (Stream<Path> s = Files.list(dir)) {
                // hidden folders are bundles being written (ModelBundle.write stages them there)
                s.sorted().filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p.resolve("model.json")))
                        .forEach(p -> out.putIfAbsent(p.getFileName().toString(), p));
            } catch (IOException ignored) {
                // unreadable folder: skip
            }
        }
        return out;
    }

    /**
     * A bundle whose rewrite was killed between its two renames exists only as a hidden ".ID.old-PID-…" folder:
     * put it back (the writer is gone), so the model does not vanish from the list. Best effort: a read-only
     * folder is listed as it is.
     */
    private static void recoverInterruptedWrites(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                int i = n.indexOf(".old-");
                if (n.startsWith(".") && i > 1) StagedFolder.recover(dir.resolve(n.substring(1, i)));
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** A bundle by id or by folder path; a training run's folder (train --out, tools/torch/train.py --out) means its bundle/. */
    public static ModelBundle resolve(String idOrDir) throws InputException {
        Path asDir = Path.of(idOrDir);
        if (Files.isDirectory(asDir)) {
            boolean run = !Files.exists(asDir.resolve("model.json")) && Files.isRegularFile(asDir.resolve("bundle").resolve("model.json"));
            return ModelBundle.read(run ? asDir.resolve("bundle") : asDir);
        }
        Path found = list().get(idOrDir);
        if (found == null) {
            throw new InputException("no model '" + idOrDir + "' (known: " + String.join(", ", list().keySet())
                    + "; or give a bundle folder, or empirical:PATH)");
        }
        return ModelBundle.read(found);
    }
}
