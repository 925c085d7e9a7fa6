package org.diffusionexplorer.ui.forward;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.Feature;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Forward process tab: your image noised with q(x_t | x₀) at the scrubbed t. It opens images for the whole
 * window (File › Open, recent files, paste, a file dropped anywhere) and saves or exports x_t.
 */
public final class ForwardFeature implements Feature {
    private final ForwardViewModel vm;
    private final ForwardActions actions;
    private final ForwardView view;
    private final Tab tab;
    private final Menu recent = new Menu("Open recent");

    /**
     * @param workers the Markov chain's worker
     * @param tasks   loading and saving files
     */
    public ForwardFeature(ScheduleModel schedule, ExplorerState explorer, TaskRunner workers, TaskRunner tasks, StatusModel status,
                          Settings settings, Supplier<Window> window, ExportRequest.Service exports) {
        vm = new ForwardViewModel(schedule, explorer, workers);
        actions = new ForwardActions(vm, tasks, status, settings, window, exports);
        view = new ForwardView(vm, actions);
        tab = Feature.tab("Forward process", "Noise your image with q(x_t | x₀) and scrub t", view);
        actions.setOnRecentChanged(this::rebuildRecent);
        rebuildRecent();
    }

    @Override
    public Tab tab() { return tab; }

    @Override
    public List<MenuItem> menuItems(MenuSlot slot) {
        return switch (slot) {
            case OPEN -> List.of(Feature.menuItem("Open image…", "Ctrl+O", actions::openImage), recent,
                    Feature.menuItem("Paste image", "Shortcut+V", actions::paste));
            case SAVE -> List.of(Feature.menuItem("Save x_t as PNG…", "Ctrl+S", actions::saveFrame),
                    Feature.menuItem("Export animation…", "Ctrl+E", actions::exportAnimation));
            case EDIT -> List.of();
        };
    }

    @Override
    public void handleKey(KeyEvent e) {
        view.handleGlobalKey(e);
    }

    /** An image file dropped anywhere on the window becomes x₀. */
    @Override
    public void onDragOver(DragEvent e) {
        actions.onDragOver(e);
    }

    @Override
    public void onDragDropped(DragEvent e) {
        actions.onDragDropped(e);
    }

    @Override
    public void applyTheme(boolean dark) {
        view.applyTheme(dark);
    }

    private void rebuildRecent() {
        recent.getItems().clear();
        for (Path p : actions.recentFiles()) {
            MenuItem m = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
            m.setOnAction(e -> actions.load(p));
            recent.getItems().add(m);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    public ForwardViewModel viewModel() { return vm; }
    public ForwardActions actions() { return actions; }
    public ForwardView view() { return view; }
}
