package org.diffusionexplorer.ui.generate;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;
import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.Feature;
import org.diffusionexplorer.ui.common.LazyView;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Generate tab: sample a model (or an exact denoiser of your image, a folder, a toy set) and watch the reverse
 * process step by step. Its messages go to the status bar; File › Open trajectory… shows a saved run here.
 */
public final class GenerateFeature implements Feature {
    private final StatusModel status;
    private final DefaultSourceLoader sourceLoader;
    private final GenerateViewModel vm;
    private final GenerateActions actions;
    private final LazyView<GenerateView> view;
    private volatile boolean listed; // the view model has its source list
    private List<String> pendingIds; // model ids given before that

    /**
     * @param liveSchedule the Schedule editor's schedule (for exact denoisers)
     * @param workers      sampling runs, the denoiser field and the guidance predictions
     * @param tasks        reading and writing files
     */
    public GenerateFeature(ObservableValue<NoiseSchedule> liveSchedule, ExplorerState explorer, TaskRunner workers, TaskRunner tasks,
                           StatusModel status, Supplier<Window> window, ExportRequest.Service exports) {
        this.status = status;
        sourceLoader = new DefaultSourceLoader(explorer);
        vm = new GenerateViewModel(workers, sourceLoader, liveSchedule, explorer);
        actions = new GenerateActions(vm, tasks, status, window, exports);
        view = new LazyView<>("Generate", "Pick a model and a sampler and watch the reverse process, step by step",
                () -> {
                    listModels();
                    return new GenerateView(vm, actions);
                }, GenerateView::applyTheme);
        vm.messageProperty().addListener((o, a, m) -> {
            if (vm.errorProperty().get()) status.error("Generate: " + m); else status.info(m);
        });
    }

    @Override
    public Tab tab() { return view.tab(); }

    @Override
    public List<MenuItem> menuItems(MenuSlot slot) {
        if (slot != MenuSlot.OPEN) return List.of();
        return List.of(Feature.menuItem("Open trajectory…", null, () -> {
            show();
            actions.openTrajectory();
        }));
    }

    @Override
    public void handleKey(KeyEvent e) {
        if (view.built()) view.get().handleGlobalKey(e);
    }

    @Override
    public void applyTheme(boolean dark) {
        view.applyTheme(dark);
    }

    /**
     * The model ids to offer (then the exact denoisers). Until the tab or its view model is first needed they are only
     * kept: choosing the first source reads its model.json, and nothing of that belongs on the start-up path (it was
     * Jackson data binding's first use, ~430 classes, on the FX thread before the first frame).
     */
    public void setModels(List<String> ids) {
        if (!listed) {
            pendingIds = ids;
            return;
        }
        vm.setModels(ids, ToyDatasets.NAMES);
    }

    /**
     * Fills the view model's source list (once; later lists come through {@link #setModels}), on the FX thread, which
     * owns the view model: a caller on another thread (a test, a benchmark harness) waits for it.
     */
    private void listModels() {
        if (listed) return;
        if (!javafx.application.Platform.isFxApplicationThread()) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            javafx.application.Platform.runLater(() -> {
                try {
                    listModels();
                } finally {
                    done.countDown();
                }
            });
            try {
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        listed = true;
        vm.setModels(pendingIds != null ? pendingIds : new ArrayList<>(ModelRegistry.list().keySet()), ToyDatasets.NAMES);
        pendingIds = null;
    }

    /** The Train tab's "Open in Generate": select the model here and show the tab. */
    public void openModel(String id) {
        listModels();
        setModels(new ArrayList<>(ModelRegistry.list().keySet()));
        if (vm.selectModel(id)) {
            show();
            status.info("Generate: " + id + " selected; press Sample");
        } else {
            status.error("The model '" + id + "' is not in the model list any more");
        }
    }

    public GenerateViewModel viewModel() {
        listModels();
        return vm;
    }
    public GenerateView view() { return view.get(); }
    public DefaultSourceLoader sourceLoader() { return sourceLoader; }
}
