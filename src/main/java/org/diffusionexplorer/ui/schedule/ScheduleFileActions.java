package org.diffusionexplorer.ui.schedule;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.export.ComparisonFrames;
import org.diffusionexplorer.io.export.ForwardFrames;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Save/load schedule JSON, export the tables as CSV and the plots as PNG. Errors go to the status bar. */
public final class ScheduleFileActions {
    private final ScheduleModel model;
    private final StatusModel status;
    private final Supplier<Window> window;

    private final ExportRequest.Service exports;
    private final ExplorerState state;

    /** @param state the shared x₀ and ε the animation noises */
    public ScheduleFileActions(ScheduleModel model, StatusModel status, Supplier<Window> window, ExportRequest.Service exports, ExplorerState state) {
        this.model = model;
        this.status = status;
        this.window = window;
        this.exports = exports;
        this.state = state;
    }

    /**
     * The Export dialog for the current schedule and the pinned ones side by side: the forward process of the same
     * image with the same ε, aligned by the fraction of T (so schedules of different T end together).
     */
    public void exportAnimation(List<ScheduleEditorViewModel.Pinned> pinned) {
        Tensor x0 = state.x0(), eps = state.eps();
        if (x0 == null) {
            status.error("Open an image in the Forward process tab first");
            return;
        }
        NoiseSchedule cur = model.schedule();
        String curName = model.spec().presetName();
        List<ScheduleEditorViewModel.Pinned> pins = List.copyOf(pinned);
        String title = pins.isEmpty() ? "Forward process (" + curName + ")" : "Schedules compared (" + curName + " and " + pins.size() + " pinned)";
        exports.open(new ExportRequest(title, pins.isEmpty() ? "forward-" + curName : "schedules-compared", cur.steps(), t -> "t = " + t,
                List.of("x_t", "x₀ | x_t | ε | √ᾱ·x₀"), (layout, ts, scale, overlay) -> {
            boolean panels = !layout.equals("x_t");
            FrameSource main = new ForwardFrames(x0, eps, cur, null, ts, panels, scale, overlay);
            if (pins.isEmpty()) return main;
            List<FrameSource> parts = new ArrayList<>(List.of(main));
            List<String> titles = new ArrayList<>(List.of("current: " + curName));
            for (var p : pins.subList(0, Math.min(3, pins.size()))) {
                int[] mapped = new int[ts.length];
                for (int i = 0; i < ts.length; i++) mapped[i] = (int) Math.round(ts[i] * (p.schedule().steps() - 1.0) / Math.max(1, cur.steps() - 1));
                parts.add(new ForwardFrames(x0, eps, p.schedule(), null, mapped, panels, scale, overlay));
                titles.add(p.name());
            }
            return new ComparisonFrames(parts, titles);
        }));
    }

    private File choose(String title, String name, String desc, String ext, boolean save) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(desc, "*." + ext));
        return save ? fc.showSaveDialog(window.get()) : fc.showOpenDialog(window.get());
    }

    public void saveJson() {
        File f = choose("Save schedule", "schedule.json", "Schedule JSON", "json", true);
        if (f != null) saveJson(f.toPath());
    }

    public void saveJson(Path p) {
        try {
            ScheduleFiles.writeJson(p, model.spec());
            status.info("Saved the schedule to " + p);
        } catch (IOException e) {
            status.error("Could not save: " + e.getMessage());
        }
    }

    public void loadJson() {
        File f = choose("Load schedule", "", "Schedule JSON", "json", false);
        if (f != null) loadJson(f.toPath());
    }

    /** Loads a schedule; a bad file leaves the current schedule untouched and says why. */
    public void loadJson(Path p) {
        try {
            ScheduleSpec s = ScheduleFiles.readJson(p);
            model.apply(s);
            status.info("Loaded " + p.getFileName());
        } catch (InputException | IllegalArgumentException e) {
            status.error(e.getMessage());
        }
    }

    public void exportCsv() {
        File f = choose("Export the tables", "schedule.csv", "CSV", "csv", true);
        if (f == null) return;
        try {
            ScheduleFiles.writeCsv(f.toPath(), model.schedule());
            status.info("Exported " + f);
        } catch (IOException e) {
            status.error("Could not export: " + e.getMessage());
        }
    }

    /** The background colour of the scene's root (the theme's), white when there is none. */
    static javafx.scene.paint.Paint themeBackground(Node n) {
        if (n.getScene() != null && n.getScene().getRoot() instanceof javafx.scene.layout.Region r && r.getBackground() != null
                && !r.getBackground().getFills().isEmpty()) {
            return r.getBackground().getFills().get(0).getFill();
        }
        return javafx.scene.paint.Color.WHITE;
    }

    public void exportPng(Node plots) {
        File f = choose("Export the plots", "schedule-plots.png", "PNG image", "png", true);
        if (f == null) return;
        try {
            // on the theme's own background, so dark-theme labels stay readable (a plain snapshot fills white)
            javafx.scene.SnapshotParameters params = new javafx.scene.SnapshotParameters();
            params.setFill(themeBackground(plots));
            ImageWriter.writePng(f.toPath(), SwingFXUtils.fromFXImage(plots.snapshot(params, null), null));
            status.info("Exported " + f);
        } catch (IOException e) {
            status.error("Could not export: " + e.getMessage());
        }
    }
}
