package org.diffusionexplorer.ui.controls;

import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.diffusionexplorer.core.schedule.ScheduleParameter;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.Styles;

import java.util.HashMap;
import java.util.Map;

/**
 * Preset chooser with the preset's parameters, one row per {@link ScheduleParameter} of the shown spec. The state and
 * the edits live in {@link SchedulePresetModel}; this is layout and bindings. Used by the schedule editor and the
 * forward explorer.
 */
public final class SchedulePresetPanel extends VBox {
    private final SchedulePresetModel vm;
    private final ComboBox<String> preset = new ComboBox<>();
    private final NumberField steps = new NumberField(1000, true, "T: number of diffusion steps (2..100000)");
    private final Map<String, NumberField> fields = new HashMap<>();
    private final CheckBox zeroSnr = new CheckBox("Zero terminal SNR");
    private final Label error = new Label();
    private final GridPane grid = new GridPane();
    private boolean updating, addRows;
    private Class<?> shownKind;

    public SchedulePresetPanel(ScheduleModel model) {
        this(new SchedulePresetModel(model));
    }

    public SchedulePresetPanel(SchedulePresetModel vm) {
        this.vm = vm;
        preset.getItems().addAll(ScheduleSpec.PRESETS);
        preset.setTooltip(new Tooltip("Noise schedule preset"));
        preset.setMaxWidth(Double.MAX_VALUE);
        zeroSnr.setTooltip(new Tooltip("Rescale so that ᾱ_{T−1} = 0 (Lin et al. 2023)"));
        error.getStyleClass().add(Styles.ERROR);
        error.setWrapText(true);
        error.setManaged(false);
        error.setVisible(false);
        grid.setHgap(6);
        grid.setVgap(4);
        setSpacing(6);
        getChildren().addAll(preset, grid, zeroSnr, error);

        preset.setOnAction(e -> {
            if (!updating) after(vm.choosePreset(preset.getValue()));
        });
        steps.setOnCommit(v -> {
            if (!updating) after(vm.setSteps(v));
        });
        zeroSnr.setOnAction(e -> {
            if (!updating) after(vm.setZeroTerminalSnr(zeroSnr.isSelected()));
        });
        vm.errorProperty().addListener((o, a, b) -> showError(b));
        vm.specProperty().addListener((o, a, b) -> show(b));
        show(vm.spec());
    }

    private NumberField field(ScheduleParameter p) {
        return fields.computeIfAbsent(p.name(), name -> {
            NumberField f = new NumberField(p.defaultValue(), false, p.description());
            f.setOnCommit(v -> {
                if (!updating) after(vm.setParameter(name, v));
            });
            return f;
        });
    }

    /** A refused spec leaves the fields showing the current one. */
    private void after(SchedulePresetModel.Outcome outcome) {
        if (outcome == SchedulePresetModel.Outcome.REFUSED) show(vm.spec());
    }

    private void showError(String message) {
        boolean shown = message != null && !message.isEmpty();
        error.setText(shown ? message : "");
        error.setVisible(shown);
        error.setManaged(shown);
    }

    /**
     * The field values shown for a spec (a spec change from elsewhere, e.g. undo, updates the panel). The rows are
     * rebuilt only when the kind of schedule changes; a drag of the curve just updates the values.
     */
    private void show(ScheduleSpec s) {
        updating = true;
        try {
            boolean rebuild = shownKind != s.getClass();
            shownKind = s.getClass();
            if (rebuild) grid.getChildren().clear();
            addRows = rebuild;
            int row = 0;
            row = addRow(row, "T", steps);
            steps.setValue(s.steps());
            for (ScheduleParameter p : s.parameters()) {
                NumberField f = field(p);
                row = addRow(row, p.label(), f);
                f.setValue(p.value(s));
            }
            var choices = SchedulePresetModel.choices(s);
            if (!preset.getItems().equals(choices)) preset.getItems().setAll(choices);
            preset.setValue(SchedulePresetModel.choice(s));
            steps.setDisable(s.stepsFixed());
            zeroSnr.setSelected(s.zeroTerminalSnr());
        } finally {
            updating = false;
        }
    }

    private int addRow(int row, String name, NumberField field) {
        if (addRows) {
            grid.add(new Label(name), 0, row);
            grid.add(field, 1, row);
        }
        return row + 1;
    }
}
