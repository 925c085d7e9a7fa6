package org.diffusionexplorer.ui.schedule;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Save/load schedule JSON, export the tables as CSV and the plots as PNG. Errors go to the status bar. */
public final class ScheduleFileActions {
    private final ScheduleModel model;
    private final StatusModel status;
    private final Supplier<Window> window;

    public ScheduleFileActions(ScheduleModel model, StatusModel status, Supplier<Window> window) {
        this.model = model;
        this.status = status;
        this.window = window;
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

    public void exportPng(Node plots) {
        File f = choose("Export the plots", "schedule-plots.png", "PNG image", "png", true);
        if (f == null) return;
        try {
            ImageWriter.writePng(f.toPath(), SwingFXUtils.fromFXImage(plots.snapshot(null, null), null));
            status.info("Exported " + f);
        } catch (IOException e) {
            status.error("Could not export: " + e.getMessage());
        }
    }
}
