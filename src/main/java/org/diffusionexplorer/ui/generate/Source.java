package org.diffusionexplorer.ui.generate;

/**
 * What the Generate view samples from: a model bundle (its own schedule), or an exact denoiser that needs no
 * training (the Forward tab's image, a folder of images, a toy set), which uses the Schedule editor's live schedule.
 *
 * @param id the model id, the folder path or the toy set's name (empty for the Forward image)
 */
public record Source(Kind kind, String id, String label) {
    public enum Kind { MODEL, FORWARD_IMAGE, FOLDER, TOY_EXACT }

    public static Source model(String id) {
        return new Source(Kind.MODEL, id, id);
    }

    public static Source forwardImage() {
        return new Source(Kind.FORWARD_IMAGE, "", "exact: the Forward tab's image");
    }

    public static Source folder(String path) {
        String name = java.nio.file.Path.of(path).getFileName() == null ? path : java.nio.file.Path.of(path).getFileName().toString();
        return new Source(Kind.FOLDER, path, "exact: folder " + name);
    }

    public static Source toy(String name) {
        return new Source(Kind.TOY_EXACT, name, "exact: toy " + name + " (2-D)");
    }

    /** Exact denoisers sample with the Schedule editor's live schedule; models with their own. */
    public boolean exact() {
        return kind != Kind.MODEL;
    }

    /** Known to be 2-D before loading (toy sets and toy-… models). */
    public boolean points() {
        return kind == Kind.TOY_EXACT || (kind == Kind.MODEL && id.startsWith("toy-"));
    }

    @Override
    public String toString() {
        return label;
    }
}
