package org.diffusionexplorer.ui.schedule;

import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.NumberField;

import java.util.function.Function;

/**
 * Preset chooser with the preset's parameters. Every commit builds a new spec and applies it to the shared
 * {@link ScheduleModel}; an invalid value is refused with a message and the current schedule stays.
 */
public final class SchedulePresetPanel extends VBox {
    public static final String CUSTOM = "custom (hand-drawn)";
    private final ScheduleModel model;
    private final ComboBox<String> preset = new ComboBox<>();
    private final NumberField steps = new NumberField(1000, true, "T: number of diffusion steps (2..100000)");
    private final NumberField betaStart = new NumberField(1e-4, false, "β at t = 0");
    private final NumberField betaEnd = new NumberField(0.02, false, "β at t = T−1");
    private final NumberField cosineS = new NumberField(0.008, false, "cosine offset s (Nichol & Dhariwal 2021)");
    private final NumberField maxBeta = new NumberField(0.999, false, "cosine: β is clipped to this value");
    private final NumberField sigmoidRange = new NumberField(6, false, "sigmoid: β follows sigmoid(−R..R)");
    private final CheckBox zeroSnr = new CheckBox("Zero terminal SNR");
    private final Label error = new Label();
    private final GridPane grid = new GridPane();
    private boolean updating, addRows;
    private Class<?> shownKind;

    public SchedulePresetPanel(ScheduleModel model) {
        this.model = model;
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
            if (updating || preset.getValue() == null || preset.getValue().equals(CUSTOM)) return;
            ScheduleSpec base = ScheduleSpec.preset(preset.getValue());
            try {
                base = base.withSteps(model.spec().steps());
            } catch (IllegalArgumentException ignored) {
                // keep the preset's T
            }
            tryApply(base.withZeroTerminalSnr(zeroSnr.isSelected()));
        });
        steps.setOnCommit(v -> edit(s -> s.withSteps((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)))));
        betaStart.setOnCommit(v -> edit(s -> withBetas(s, v, null)));
        betaEnd.setOnCommit(v -> edit(s -> withBetas(s, null, v)));
        cosineS.setOnCommit(v -> edit(s -> s instanceof ScheduleSpec.Cosine c ? new ScheduleSpec.Cosine(c.steps(), v, c.maxBeta(), c.zeroTerminalSnr()) : s));
        maxBeta.setOnCommit(v -> edit(s -> s instanceof ScheduleSpec.Cosine c ? new ScheduleSpec.Cosine(c.steps(), c.s(), v, c.zeroTerminalSnr()) : s));
        sigmoidRange.setOnCommit(v -> edit(s -> s instanceof ScheduleSpec.Sigmoid g
                ? new ScheduleSpec.Sigmoid(g.steps(), g.betaStart(), g.betaEnd(), v, g.zeroTerminalSnr()) : s));
        zeroSnr.setOnAction(e -> {
            if (!updating) edit(s -> s.withZeroTerminalSnr(zeroSnr.isSelected()));
        });
        model.specProperty().addListener((o, a, b) -> show(b));
        show(model.spec());
    }

    private static ScheduleSpec withBetas(ScheduleSpec s, Double start, Double end) {
        if (s instanceof ScheduleSpec.Linear l) return new ScheduleSpec.Linear(l.steps(), or(start, l.betaStart()), or(end, l.betaEnd()), l.zeroTerminalSnr());
        if (s instanceof ScheduleSpec.ScaledLinear l) return new ScheduleSpec.ScaledLinear(l.steps(), or(start, l.betaStart()), or(end, l.betaEnd()), l.zeroTerminalSnr());
        if (s instanceof ScheduleSpec.Sigmoid g) return new ScheduleSpec.Sigmoid(g.steps(), or(start, g.betaStart()), or(end, g.betaEnd()), g.range(), g.zeroTerminalSnr());
        return s;
    }

    private static double or(Double v, double d) {
        return v == null ? d : v;
    }

    private void edit(Function<ScheduleSpec, ScheduleSpec> change) {
        if (updating) return;
        try {
            tryApply(change.apply(model.spec()));
        } catch (IllegalArgumentException e) {
            showError(e.getMessage());
        }
    }

    private void tryApply(ScheduleSpec spec) {
        try {
            model.apply(spec);
            showError(null);
        } catch (IllegalArgumentException e) {
            showError(e.getMessage());
            show(model.spec());
        }
    }

    private void showError(String message) {
        error.setText(message == null ? "" : message);
        error.setVisible(message != null);
        error.setManaged(message != null);
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
            if (s instanceof ScheduleSpec.Linear l) {
                row = betaRows(row, l.betaStart(), l.betaEnd());
            } else if (s instanceof ScheduleSpec.ScaledLinear l) {
                row = betaRows(row, l.betaStart(), l.betaEnd());
            } else if (s instanceof ScheduleSpec.Sigmoid g) {
                row = betaRows(row, g.betaStart(), g.betaEnd());
                row = addRow(row, "range R", sigmoidRange);
                sigmoidRange.setValue(g.range());
            } else if (s instanceof ScheduleSpec.Cosine c) {
                row = addRow(row, "s", cosineS);
                cosineS.setValue(c.s());
                addRow(row, "max β", maxBeta);
                maxBeta.setValue(c.maxBeta());
            }
            if (s instanceof ScheduleSpec.Custom || s instanceof ScheduleSpec.Explicit) {
                if (!preset.getItems().contains(CUSTOM)) preset.getItems().add(CUSTOM);
                preset.setValue(CUSTOM);
            } else {
                preset.getItems().remove(CUSTOM);
                preset.setValue(s.presetName());
            }
            steps.setDisable(s instanceof ScheduleSpec.Explicit);
            zeroSnr.setSelected(s.zeroTerminalSnr());
        } finally {
            updating = false;
        }
    }

    private int betaRows(int row, double start, double end) {
        row = addRow(row, "β start", betaStart);
        betaStart.setValue(start);
        row = addRow(row, "β end", betaEnd);
        betaEnd.setValue(end);
        return row;
    }

    private int addRow(int row, String name, NumberField field) {
        if (addRows) {
            grid.add(new Label(name), 0, row);
            grid.add(field, 1, row);
        }
        return row + 1;
    }
}
