package org.diffusionexplorer.ui.train;

import javafx.scene.control.Tab;
import javafx.stage.Window;
import org.diffusionexplorer.ui.common.Feature;
import org.diffusionexplorer.ui.common.LazyView;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** The Train tab: train a small diffusion model on the CPU; the finished model joins the model list. */
public final class TrainFeature implements Feature {
    private final TrainViewModel vm;
    private final TrainActions actions;
    private final LazyView<TrainView> view;

    /**
     * @param training       one low-priority thread for the training job
     * @param openInGenerate opens a model id in the Generate tab
     */
    public TrainFeature(TaskRunner training, Supplier<Window> window, Consumer<String> openInGenerate) {
        vm = new TrainViewModel();
        actions = new TrainActions(vm, training, window);
        view = new LazyView<>("Train", "Train a small diffusion model on the CPU",
                () -> new TrainView(vm, actions, openInGenerate), TrainView::applyTheme);
    }

    @Override
    public Tab tab() { return view.tab(); }

    @Override
    public void applyTheme(boolean dark) {
        view.applyTheme(dark);
    }

    public TrainViewModel viewModel() { return vm; }
    public TrainActions actions() { return actions; }
}
