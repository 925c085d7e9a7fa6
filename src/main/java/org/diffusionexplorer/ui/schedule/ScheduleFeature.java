package org.diffusionexplorer.ui.schedule;

import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.stage.Window;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.Feature;
import org.diffusionexplorer.ui.common.LazyView;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;

import java.util.List;
import java.util.function.Supplier;

/** The Schedule editor tab: tune the shared noise schedule by hand, compare schedules; Edit › Undo and Redo. */
public final class ScheduleFeature implements Feature {
    private final ScheduleModel schedule;
    private final ScheduleEditorViewModel vm;
    private final ScheduleFileActions files;
    private final LazyView<ScheduleEditorView> view;

    public ScheduleFeature(ScheduleModel schedule, ExplorerState explorer, StatusModel status, Supplier<Window> window,
                           ExportRequest.Service exports) {
        this.schedule = schedule;
        vm = new ScheduleEditorViewModel(schedule, explorer);
        files = new ScheduleFileActions(schedule, status, window, exports, explorer);
        view = new LazyView<>("Schedule editor", "Tune the noise schedule by hand and compare schedules",
                () -> new ScheduleEditorView(vm, files), ScheduleEditorView::applyTheme);
    }

    @Override
    public Tab tab() { return view.tab(); }

    @Override
    public List<MenuItem> menuItems(MenuSlot slot) {
        if (slot != MenuSlot.EDIT) return List.of();
        return List.of(Feature.menuItem("Undo schedule edit", "Shortcut+Z", schedule::undo),
                Feature.menuItem("Redo schedule edit", "Shortcut+Shift+Z", schedule::redo));
    }

    @Override
    public void applyTheme(boolean dark) {
        view.applyTheme(dark);
    }

    public ScheduleEditorViewModel viewModel() { return vm; }
    public ScheduleFileActions files() { return files; }
    public ScheduleEditorView view() { return view.get(); }
}
