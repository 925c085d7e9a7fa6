package org.diffusionexplorer.ui.generate;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.ImageGridView;
import org.diffusionexplorer.ui.controls.ParticleCanvas;
import org.diffusionexplorer.ui.controls.TimestepScrubber;

import java.util.List;

/** The Generate view's Compare tab: two to four runs side by side at the same fraction of their way, one scrubber. */
final class ComparePane extends VBox {
    private final GenerateViewModel vm;
    private final HBox row = new HBox(8);
    private final TimestepScrubber scrubber = new TimestepScrubber();
    private final Label label = new Label();

    ComparePane(GenerateViewModel vm, GenerateActions actions) {
        super(8);
        this.vm = vm;
        scrubber.maxProperty().set(100);
        scrubber.valueProperty().bindBidirectional(vm.comparePercentProperty());
        Tooltip.install(scrubber, new Tooltip("The fraction of each run's way from noise to sample (one scrubber for all)"));
        Button export = new Button("Export comparison…");
        export.setOnAction(e -> actions.exportComparison());
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        label.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, scrubber, label, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(row, Priority.ALWAYS);
        Label hint = new Label("Add two to four sampler settings with \"Add current\" in the left column, then Run comparison: every configuration starts from the same seeds.");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().add(Styles.STATUS);
        getChildren().addAll(hint, row, bar);
        setPadding(new Insets(8));
    }

    /** Shows each configuration at the scrubbed fraction of its way. */
    void paint(int background, boolean dark) {
        List<Trajectory> res = vm.compareResultsProperty().get();
        if (row.getChildren().size() != res.size()) {
            row.getChildren().clear();
            for (int i = 0; i < res.size(); i++) {
                String title = i < vm.compareConfigs().size() ? vm.compareConfigs().get(i).label() : "run " + (i + 1);
                Label t = new Label(title);
                t.getStyleClass().add(Styles.PANEL_TITLE);
                boolean images = res.get(i).frame(0).xt().rank() == 4;
                javafx.scene.layout.Region view = images ? new ImageGridView() : new ParticleCanvas();
                if (!images) ((ParticleCanvas) view).setColors(dark);
                VBox.setVgrow(view, Priority.ALWAYS);
                VBox col = new VBox(4, t, new Label(), view);
                HBox.setHgrow(col, Priority.ALWAYS);
                col.setPrefWidth(200);
                row.getChildren().add(col);
            }
        }
        label.setText(vm.comparePercentProperty().get() + "% of the way");
        LoadedSource ls = vm.loadedProperty().get();
        for (int i = 0; i < res.size(); i++) {
            Trajectory c = res.get(i);
            int k = vm.compareStep(i);
            VBox col = (VBox) row.getChildren().get(i);
            ((Label) col.getChildren().get(1)).setText("step " + k + " / " + c.steps() + (c.finished() ? "" : " (running)"));
            Tensor x = c.frame(k).xt();
            if (col.getChildren().get(2) instanceof ImageGridView g) {
                GridPainter.Composed p = GridPainter.compose(x, null, background);
                g.setGrid(p.argb(), p.width(), p.height(), p.cols(), p.rows(), p.cellW(), p.cellH(), GridPainter.GAP, p.cells());
            } else if (col.getChildren().get(2) instanceof ParticleCanvas pc) {
                pc.setData(ls != null && ls.data() != null ? ls.data().data() : null);
                pc.setState(x.data(), null, null, vm.range());
            }
        }
    }

    TimestepScrubber scrubber() { return scrubber; }
    HBox row() { return row; }
}
